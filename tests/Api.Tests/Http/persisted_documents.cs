using Marketplace.Api.Infrastructure.GraphQL.Http;
using Marketplace.Api.Tests.Support;
using Shouldly;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Api.Tests.Http;

/// <summary>
/// Registered documents named by <c>documentId</c> (the GraphQL-over-HTTP persisted-documents convention), from a manifest
/// as graphql-codegen's client preset writes it; a node can be told to run nothing else.
/// </summary>
public class persisted_documents(AppFixture app)
{
    private const string Skills = "query Skills { skills { slug name } }";
    private const string Skill = "query Skill($slug: String!) { skill(slug: $slug) { slug } }";

    [Fact]
    public async Task a_node_that_runs_only_registered_documents_answers_them_by_id_and_refuses_text()
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"persisted-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(manifest, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            [PersistedDocuments.Hash(Skills)] = Skills, [PersistedDocuments.Hash(Skill)] = Skill,
        }));
        try
        {
            await using var api = await ApiProcess.StartWithSkills(new Dictionary<string, string>
            {
                ["GraphQL__PersistedDocuments__0"] = manifest, ["GraphQL__OnlyPersistedDocuments"] = "true",
            });
            using var http = new HttpClient();
            async Task<(HttpStatusCode Status, JsonElement Json)> Post(object body)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Url}/graphql") { Content = JsonContent.Create(body) };
                request.Headers.Accept.ParseAdd("application/graphql-response+json");
                using var response = await http.SendAsync(request);
                return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
            }
            static string? Code(JsonElement json) => json.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null;

            var (ok, byId) = await Post(new { documentId = $"sha256:{PersistedDocuments.Hash(Skills)}" });
            ok.ShouldBe(HttpStatusCode.OK);
            byId.GetProperty("data").GetProperty("skills").GetArrayLength().ShouldBeGreaterThan(0);
            var (_, withVariables) = await Post(new { documentId = PersistedDocuments.Hash(Skill), variables = new { slug = "microservices" } });
            withVariables.GetProperty("data").GetProperty("skill").GetProperty("slug").GetString().ShouldBe("microservices");
            using (var get = await http.GetAsync($"{api.Url}/graphql?documentId=sha256:{PersistedDocuments.Hash(Skills)}"))
                (await get.Content.ReadAsStringAsync()).ShouldContain("microservices");

            var (refused, text) = await Post(new { query = Skills });
            refused.ShouldBe(HttpStatusCode.BadRequest);
            Code(text).ShouldBe("PERSISTED_DOCUMENT_REQUIRED");
            var (unknown, missing) = await Post(new { documentId = $"sha256:{PersistedDocuments.Hash("{ __typename }")}" });
            unknown.ShouldBe(HttpStatusCode.BadRequest);
            Code(missing).ShouldBe("PERSISTED_DOCUMENT_NOT_FOUND");
            Code((await Post(new { documentId = PersistedDocuments.Hash(Skills), query = Skills })).Json).ShouldBe("BAD_REQUEST");
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Fact]
    public async Task a_manifest_whose_hash_does_not_match_its_document_stops_the_start_up()
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"persisted-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(manifest, JsonSerializer.Serialize(new Dictionary<string, string> { [PersistedDocuments.Hash(Skills)] = Skill }));
        try
        {
            var (code, output) = await ApiProcess.RunVerbWith("Development", new Dictionary<string, string> { ["GraphQL__PersistedDocuments__0"] = manifest },
                "--urls", "http://127.0.0.1:0");
            code.ShouldNotBe(0);
            output.ShouldContain("is not the SHA-256 of its document");
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Fact]
    public async Task by_default_text_still_runs_and_an_unknown_id_is_a_clear_error()
    {
        (await app.Host.GraphQL(Skills)).Errors.ShouldBeEmpty();
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { documentId = "sha256:0000" }).ToUrl("/graphql");
            s.IgnoreStatusCode();
        });
        var body = await result.ReadAsTextAsync();
        body.ShouldContain("PERSISTED_DOCUMENT_NOT_FOUND");
        body.ShouldContain("No document is registered as 'sha256:0000'.");
    }
}
