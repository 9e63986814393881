using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Api.Tests.Live;

/// <summary>
/// Real third-party clients, run by Node against the built API on a real socket: the graphql-sse client (distinct
/// connections and single connection), the graphql-ws client, and Apollo Client with a split link (HTTP for queries and
/// mutations, graphql-ws for subscriptions). Each is the typed client of clients/typescript: it reads the challenge and
/// submits to it by documentId (the manifest graphql-codegen's client preset wrote), subscribes to the review, and
/// prints what it received.
/// </summary>
public class third_party_clients(AppFixture app, third_party_clients.Server server) : IClassFixture<third_party_clients.Server>
{
    private static readonly string[] RubricKeys = ["service-boundaries", "resilience", "observability"];

    /// <summary>The scripts of clients/typescript (compiled into dist/), with their arguments.</summary>
    public static readonly TheoryData<string> Clients = ["sse", "sse --single", "ws", "apollo"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task a_client_receives_each_criterion_in_rubric_order_then_reviewed(string client) =>
        (await Watch(server.Api, server.Model, client)).ShouldBeReviewedInRubricOrder();

    [Fact]
    public async Task with_only_registered_documents_allowed_every_client_still_works_for_none_sends_text()
    {
        await using var model = new HeldModel();
        await using var only = await ApiProcess.StartWithSkills(Server.Settings(model, onlyPersisted: true));
        using (var http = new HttpClient())
        {
            var refused = await http.PostAsJsonAsync($"{only.Url}/graphql", new { query = "{ __typename }" });
            (await refused.Content.ReadAsStringAsync()).ShouldContain("PERSISTED_DOCUMENT_REQUIRED", customMessage: "this node refuses text");
        }
        foreach (var client in Clients) (await Watch(only, model, client)).ShouldBeReviewedInRubricOrder();
    }

    [Fact]
    public async Task the_committed_generated_client_is_what_the_codegen_writes_from_the_schema()
    {
        var (code, output) = await NodeClients.Node(["scripts/check-generated.mjs"], TimeSpan.FromMinutes(2));
        code.ShouldBe(0, output);
    }

    /// <summary>
    /// Prepares a company's challenge and a candidate, then runs the client, which submits and subscribes. The model holds
    /// the review until the client has said it is subscribing, the review has reached the model, the submission is seen
    /// still pending, and a second more has passed; only then is the review written. So the client subscribed while the
    /// review was pending and receives it as it happens: this proves the live case, unless the server took over a second
    /// to set the subscription up, when the client would get the same updates as the state so far (the test cannot tell
    /// those apart, and the sequence asserted is the same).
    /// </summary>
    private async Task<ClientReport> Watch(ApiProcess api, HeldModel model, string client)
    {
        var company = await Prepared(api, Documents.RegisterCompany, new { input = new { name = "Clients Co", slug = $"clients-{Guid.NewGuid():N}"[..20] } },
            app.Token(Roles.Admin), "registerCompany.company.id");
        var companyToken = app.Token(Roles.Company, company: Guid.Parse(company));
        var challenge = await Prepared(api, Documents.DraftChallenge, new { input = ChallengeScenarios.ChallengeInput() }, companyToken, "draftChallenge.challenge.id");
        await Prepared(api, Documents.PublishChallenge, new { input = new { challengeId = challenge } }, companyToken, "publishChallenge.challenge.id");
        var candidate = Guid.NewGuid();
        var token = app.Token(Roles.Candidate, subject: candidate);
        await Prepared(api, Documents.RegisterCandidate, new
        {
            input = new { displayName = "Grace Hopper", email = $"{candidate:N}@example.com", headline = "Backend engineer", skills = new[] { "microservices" }, discoverable = false },
        }, token, "registerCandidate.candidate.id");

        model.Hold();
        var lines = new List<string>();
        var errors = new List<string>();
        string? submission = null;
        var subscribed = false;
        var script = client.Split(' ');
        var code = await NodeClients.Run([Path.Combine("dist", script[0] + ".js"), .. script[1..], "--url", api.Url, "--token", token, "--challenge", challenge],
            TimeSpan.FromSeconds(90),
            async line =>
            {
                lines.Add(line);
                if (Step(line) == "submitted") submission = JsonDocument.Parse(line).RootElement.GetProperty("submission").GetString();
                if (Step(line) != "subscribing") return;
                subscribed = true;
                await model.Asked(TimeSpan.FromSeconds(30));
                (await Prepared(api, Documents.Submission, new { id = submission }, token, "submission.status")).ShouldBe("FEEDBACK_PENDING");
                await Task.Delay(TimeSpan.FromSeconds(1));
                model.Release();
            },
            line => { lock (errors) errors.Add(line); });

        var output = $"{client} exited with {code}.\nstdout:\n{string.Join('\n', lines)}\nstderr:\n{string.Join('\n', errors)}{api.LastLines()}";
        code.ShouldBe(0, output);
        subscribed.ShouldBeTrue(output);
        var done = lines.Where(l => Step(l) == "done").Select(l => JsonDocument.Parse(l).RootElement.Clone()).ShouldHaveSingleItem(output);
        return new ClientReport(done, output);
    }

    private static string? Step(string line)
    {
        try { return JsonDocument.Parse(line).RootElement.GetProperty("step").GetString(); }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return null; }
    }

    /// <summary>Sends one of the test's own registered documents by its id and returns the text at the path.</summary>
    private static async Task<string> Prepared(ApiProcess api, string document, object variables, string token, string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql")
        {
            Content = JsonContent.Create(new { documentId = $"sha256:{PersistedDocuments.Hash(document)}", variables }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        var answer = new GraphQLResponse((int)response.StatusCode, null, await response.Content.ReadAsStringAsync());
        return answer.Data(path).GetString()!;
    }

    private sealed record ClientReport(JsonElement Done, string Output)
    {
        public void ShouldBeReviewedInRubricOrder()
        {
            Strings("kinds").ShouldBe(["CRITERION_SCORED", "CRITERION_SCORED", "CRITERION_SCORED", "REVIEWED"], Output);
            Strings("rubric").ShouldBe(RubricKeys, Output);
            Strings("criteria").ShouldBe(RubricKeys, Output);
            Done.GetProperty("status").GetString().ShouldBe("FEEDBACK_READY", Output);
        }

        private string[] Strings(string name) => [.. Done.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The documents the test itself sends, registered as a second manifest (a node may refuse text).</summary>
    private static class Documents
    {
        public const string RegisterCompany = "mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id } } }";
        public const string DraftChallenge = "mutation($input: DraftChallengeInput!) { draftChallenge(input: $input) { challenge { id } } }";
        public const string PublishChallenge = "mutation($input: ChallengeIdInput!) { publishChallenge(input: $input) { challenge { id } } }";
        public const string RegisterCandidate = "mutation($input: RegisterCandidateInput!) { registerCandidate(input: $input) { candidate { id } } }";

        public const string Submission = "query($id: ID!) { submission(id: $id) { status } }";

        public static readonly string[] All = [RegisterCompany, DraftChallenge, PublishChallenge, RegisterCandidate, Submission];
    }

    /// <summary>
    /// The API as a process with both manifests (the client's and the test's) and the held model as its reviewer, after
    /// the scripts are compiled; Node missing, or its packages, fails every test of the class with what to install.
    /// </summary>
    public sealed class Server : IAsyncLifetime
    {
        private static readonly Lazy<string> TestManifest = new(() =>
        {
            var path = Path.Combine(Path.GetTempPath(), $"third-party-clients-{Environment.ProcessId}.json");
            File.WriteAllText(path, JsonSerializer.Serialize(Documents.All.ToDictionary(d => $"sha256:{PersistedDocuments.Hash(d)}", d => d)));
            return path;
        });

        public HeldModel Model { get; } = new();
        public ApiProcess Api { get; private set; } = null!;

        public static IReadOnlyDictionary<string, string> Settings(HeldModel model, bool onlyPersisted) => new Dictionary<string, string>(model.Settings)
        {
            ["GraphQL__PersistedDocuments__0"] = NodeClients.Manifest,
            ["GraphQL__PersistedDocuments__1"] = TestManifest.Value,
            ["GraphQL__OnlyPersistedDocuments"] = onlyPersisted ? "true" : "false",
        };

        public async ValueTask InitializeAsync()
        {
            await NodeClients.Ready();
            Api = await ApiProcess.StartWithSkills(Settings(Model, onlyPersisted: false));
        }

        public async ValueTask DisposeAsync()
        {
            if (Api is not null) await Api.DisposeAsync();
            await Model.DisposeAsync();
            if (TestManifest.IsValueCreated) File.Delete(TestManifest.Value);
        }
    }
}
