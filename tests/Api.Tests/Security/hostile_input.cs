using Alba;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Marten.Events;
using Npgsql;
using Shouldly;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Marketplace.Api.Tests.Security;

[CollectionDefinition(nameof(HostileInputCollection), DisableParallelization = true)]
public sealed class HostileInputCollection;

/// <summary>
/// Over a thousand generated malformed and hostile requests. None may answer 5xx, leak internals or answer an error
/// without a known code, and the database must be exactly as it was. Runs alone, after the parallel tests, so that
/// "unchanged" can be checked on the whole database.
/// </summary>
[Collection(nameof(HostileInputCollection))]
public class hostile_input(AppFixture app)
{
    private static readonly HashSet<string> Codes =
    [
        "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "VALIDATION_FAILED", "CONFLICT", "RULE_VIOLATION", "RATE_LIMITED", "BAD_REQUEST",
        "NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE", "METHOD_NOT_ALLOWED", "PAYLOAD_TOO_LARGE", "TIMEOUT", "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
    ];

    internal static readonly string[] Payloads =
    [
        "", " ", "'; drop table mt_events; --", "\" OR \"1\"=\"1", "' OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x/a}",
        "../../../../etc/passwd", "%00", "\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "\u202eevil", "🏃‍♀️🏊", "null", "undefined", "-1", "0",
        "1e309", "NaN", "00000000-0000-0000-0000-000000000000", "not-a-guid", "ZZZZ", "=cmd|' /C calc'!A0", new string('x', 10_000),
        new string('é', 3000), "\\", "\\\"", "\n\r\t", "SELECT pg_sleep(10)", "$where: '1 == 1'", "{\"$gt\": \"\"}", "[]", "{}",
        "javascript:alert(1)", "http://169.254.169.254/latest/meta-data/", "ftp://example.com", "data:text/html,<b>x</b>",
    ];

    private sealed record Hostile(string Name, Func<Scenario, Scenario> Send, bool MustFail);

    private static string Json(object value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { MaxDepth = 1024 });

    private static IEnumerable<Hostile> Requests()
    {
        string[] rawBodies =
        [
            "", "{", "}", "[]", "null", "42", "\"query\"", "{\"query\":", "{\"query\": null}", "{\"query\": 1}", "{\"query\": []}",
            "{\"query\": {}}", "{\"query\": \"{ __typename }\", \"variables\": \"x\"}", "{\"query\": \"{ __typename }\", \"variables\": [1]}",
            "{\"query\": \"{ __typename }\", \"operationName\": 7}", "{\"query\": \"{ __typename }\", \"extensions\": 1}", "\u0000\u0000",
            "{\"query\": \"{ __typename }\"", "{'query': '{ __typename }'}", "{\"query\": \"\\ud800\"}",
        ];
        foreach (var body in rawBodies)
            yield return new($"raw body {body}", s => { s.Post.ByteArray(Encoding.UTF8.GetBytes(body)).ContentType("application/json").ToUrl("/graphql"); return s; }, true);

        foreach (var payload in Payloads)
        {
            var p = Array.IndexOf(Payloads, payload);
            // Payloads where the API takes text or ids: reads must answer sanely, writes must fail and change nothing.
            yield return Post("skill slug", "query($s: String!) { skill(slug: $s) { name } }", new { s = payload }, false);
            yield return Post("posting id", "query($id: ID!) { posting(id: $id) { id } }", new { id = payload }, false);
            yield return Post("text filter", "query($t: String) { postings(filter: {text: $t}) { totalCount } }", new { t = payload }, false);
            yield return Post("cursor", "query($a: String) { postings(after: $a) { totalCount } }", new { a = payload }, true);
            yield return Post("funnel id", "query($c: ID) { hiringFunnel(filter: {from: \"2026-01-01T00:00:00Z\", to: \"2026-02-01T00:00:00Z\", companyId: $c}) { groups { key } } }",
                new { c = payload }, !Guid.TryParse(payload, out _), Roles.Analyst);
            yield return Post($"publish id #{p}", "mutation($i: PublishPostingInput!) { publishPosting(input: $i) { posting { id } } }",
                new { i = new { postingId = payload } }, true, Roles.Company);
            yield return Post("company fields", "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
                new { i = new { name = payload, slug = "NOT A SLUG " + payload, website = payload } }, true, Roles.Admin);
            yield return Post("draft fields", "mutation($i: DraftPostingInput!) { draftPosting(input: $i) { posting { id } } }",
                new { i = new { title = payload, role = payload, seniority = "MID", skills = new[] { payload }, remotePolicy = "REMOTE", description = payload, openings = -1 } }, true, Roles.Company);
            yield return Post("submission fields", "mutation($i: SubmitToChallengeInput!) { submitToChallenge(input: $i) { submission { id } } }",
                new { i = new { challengeId = payload, content = payload, repositoryUrl = payload } }, true, Roles.Candidate);
            yield return Post("apply fields", "mutation($i: ApplyToPostingInput!) { applyToPosting(input: $i) { application { id } } }",
                new { i = new { postingId = payload, coverNote = payload, evidence = new[] { payload } } }, true, Roles.Candidate);
            yield return Post("invite fields", "mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { invitation { id } } }",
                new { i = new { postingId = payload, candidateId = payload, message = payload } }, true, Roles.Company);
            yield return Post($"reject enum #{p}", "mutation { rejectApplication(input: {applicationId: \"" + Escape(payload) + "\", reason: OTHER}) { application { id } } }", null, true, Roles.Company);
            yield return Post("literal in document", "{ skill(slug: \"" + Escape(payload) + "\") { name } }", null, false);
            yield return Post($"as a field name #{p}", "{ " + payload + " }", null, true);
            yield return Post($"as an argument #{p}", "{ postings(" + payload + ": 1) { totalCount } }", null, true);
            yield return Post("as a token", "{ __typename }", null, true, rawToken: payload);
        }

        // Wrong types, unknown fields and arguments, huge lists, deep nesting and work multiplied by aliases and fragments.
        object[] wrongTypes = [1, true, new[] { 1 }, new { a = 1 }, 1.5, new string('9', 400)];
        foreach (var wrong in wrongTypes)
        {
            yield return Post("wrong type for input", "mutation($i: DraftPostingInput!) { draftPosting(input: $i) { posting { id } } }", new { i = wrong }, true, Roles.Company);
            yield return Post("wrong type for first", "query($f: Int) { postings(first: $f) { totalCount } }", new { f = wrong }, wrong is not int);
            yield return Post("wrong type in list", "mutation($i: ApplyToPostingInput!) { applyToPosting(input: $i) { application { id } } }",
                new { i = new { postingId = Guid.NewGuid(), evidence = wrong } }, true, Roles.Candidate);
        }
        for (var n = 1; n <= 40; n++)
        {
            yield return Post($"unknown input field {n}", "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }",
                new Dictionary<string, object> { ["i"] = new Dictionary<string, object> { ["name"] = "Valid Name", ["slug"] = $"unknown-field-{n}", [$"extra{n}"] = n } }, true, Roles.Admin);
            yield return Post($"unknown argument {n}", $"{{ postings(bogus{n}: {n}) {{ totalCount }} }}", null, true);
            yield return Post($"huge list {n}", "query($f: PostingFilter) { postings(filter: $f) { totalCount } }",
                new { f = new { skill = string.Join(",", Enumerable.Repeat("microservices", 2000 + n)) } }, false);
            yield return Post($"page size {n}", $"{{ postings(first: {100 + n * 1000}) {{ totalCount }} }}", null, true);
            yield return Post($"deep nesting {n}", "{ " + string.Concat(Enumerable.Repeat("__schema { types { fields { type { ", n % 5 + 2)) + "name" + new string('}', (n % 5 + 2) * 4) + " }", null, n % 5 + 2 >= 4);
            yield return Post($"aliases {n}", "{ " + string.Join(" ", Enumerable.Range(0, 1500 + n).Select(i => $"a{i}: postings(first: 100) {{ edges {{ node {{ title company {{ name }} }} }} }}")) + " }", null, true);
            yield return Post($"fragment cycle {n}", $"query {{ ...F{n} }} fragment F{n} on Query {{ ...G{n} }} fragment G{n} on Query {{ ...F{n} }}", null, true);
            yield return Post($"many operations {n}", string.Join(" ", Enumerable.Range(0, n + 1).Select(i => $"query Q{i} {{ __typename }}")), null, n > 0);
            yield return Post($"mutation over GET {n}", "", null, true, getMutation: $"mutation {{ registerCompany(input: {{name: \"Via GET\", slug: \"via-get-{n}\"}}) {{ company {{ id }} }} }}");
            yield return Post($"deep variables {n}", "query($f: PostingFilter) { postings(filter: $f) { totalCount } }", new { f = Nest(n * 5) }, true);
        }
    }

    private static object Nest(int depth) => depth == 0 ? "leaf" : new Dictionary<string, object> { ["skill"] = Nest(depth - 1) };

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");

    private static Hostile Post(string name, string query, object? variables, bool mustFail, string? role = null, string? rawToken = null, string? getMutation = null) =>
        new(name, s =>
        {
            if (getMutation is not null) s.Get.Url("/graphql?query=" + Uri.EscapeDataString(getMutation));
            else s.Post.ByteArray(Encoding.UTF8.GetBytes(Json(new { query, variables }))).ContentType("application/json").ToUrl("/graphql");
            if (rawToken is not null) s.WithRequestHeader("Authorization", "Bearer " + rawToken.Replace("\n", "").Replace("\r", "").Replace("\u0000", ""));
            else if (role is not null) s.WithRequestHeader("Authorization", "Bearer " + Tokens[role]);
            return s;
        }, mustFail);

    private static Dictionary<string, string> Tokens = [];

    [Fact]
    public async Task a_thousand_hostile_requests_get_clean_errors_and_change_nothing()
    {
        Tokens = new()
        {
            [Roles.Admin] = app.Token(Roles.Admin),
            [Roles.Company] = app.Token(Roles.Company, company: Guid.NewGuid()),
            [Roles.Candidate] = app.Token(Roles.Candidate),
            [Roles.Analyst] = app.Token(Roles.Analyst),
        };
        var requests = Requests().ToList();
        requests.Count.ShouldBeGreaterThanOrEqualTo(1000);
        var before = await Quiet(app);

        var problems = new List<string>();
        foreach (var request in requests)
        {
            var result = await app.Host.Scenario(s => { request.Send(s); s.IgnoreStatusCode(); });
            var status = result.Context.Response.StatusCode;
            var body = await result.ReadAsTextAsync();
            if (status >= 500 && status != 503) problems.Add($"{request.Name}: HTTP {status}");
            if (body.Contains("   at ") || body.Contains("Exception") || body.Contains("Npgsql") || body.Contains("Marten.")) problems.Add($"{request.Name}: leaks internals");
            JsonElement json;
            try { json = JsonDocument.Parse(body).RootElement; }
            catch (JsonException) { problems.Add($"{request.Name}: not JSON"); continue; }
            var errors = json.TryGetProperty("errors", out var e) ? e.EnumerateArray().ToList() : [];
            if (request.MustFail && errors.Count == 0) problems.Add($"{request.Name}: succeeded but must fail");
            foreach (var error in errors)
            {
                var code = error.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var c) ? c.GetString() : null;
                if (code is null || !Codes.Contains(code)) problems.Add($"{request.Name}: code {code ?? "(none)"}");
            }
        }

        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "hostile-problems.txt"), problems.Distinct());
        problems.Distinct().ShouldBeEmpty();
        (await Quiet(app)).ShouldBe(before, "hostile requests must change nothing");
    }

    /// <summary>The account forms and the provider's endpoints, each field given each payload, with and without the form's token.</summary>
    [Fact]
    public async Task hostile_input_to_the_account_pages_and_the_provider_gets_clean_answers_and_changes_no_account()
    {
        using var browser = Browser.For(app);
        var token = (await browser.Get(Marketplace.Api.Accounts.AccountPages.SignInPath)).Body;
        var field = System.Text.RegularExpressions.Regex.Match(token, "name=\"__form\" value=\"([^\"]+)\"").Groups[1].Value;
        field.ShouldNotBeEmpty();
        var forms = new (string Path, string[] Fields)[]
        {
            ("/account/sign-up", ["email", "password"]), ("/account/sign-in", ["email", "password", "returnUrl"]),
            ("/account/forgot-password", ["email"]), ("/account/reset-password", ["account", "code", "password"]),
            ("/account/sign-out", []), ("/account/passkeys/creation-options", []), ("/account/passkeys", ["credential", "name"]),
            ("/account/passkeys/remove", ["id"]), ("/account/passkeys/request-options", []), ("/account/sign-in/passkey", ["credential", "returnUrl"]),
            ("/connect/token", ["grant_type", "code", "client_id", "code_verifier", "refresh_token", "client_secret"]),
            ("/connect/revoke", ["token", "client_id"]),
        };
        var pages = new[] { "/account/confirm?account={0}&code={0}", "/account/reset-password?account={0}&code={0}", "/account/sign-in?returnUrl={0}",
            "/connect/authorize?client_id={0}&response_type={0}&redirect_uri={0}&scope={0}&code_challenge={0}&code_challenge_method={0}",
            "/connect/authorize?client_id=marketplace-scripts&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&code_challenge={0}&code_challenge_method=S256&state={0}",
            "/connect/end-session?post_logout_redirect_uri={0}" };
        var before = await Accounts();
        var problems = new List<string>();
        var sent = 0;
        void Check(string name, HttpStatusCode status, string body)
        {
            sent++;
            if ((int)status >= 500 && status != HttpStatusCode.ServiceUnavailable) problems.Add($"{name}: HTTP {(int)status}");
            if (body.Contains("   at ") || body.Contains("Exception") || body.Contains("Npgsql") || body.Contains("EntityFramework")) problems.Add($"{name}: leaks internals");
        }
        foreach (var payload in Payloads)
        {
            foreach (var (path, fields) in forms)
                foreach (var withToken in new[] { true, false })
                {
                    var values = fields.ToDictionary(f => f, _ => payload);
                    if (withToken) values["__form"] = field;
                    var (status, body, _) = await browser.Post(path, values);
                    Check($"{path} {(withToken ? "with" : "without")} token, '{Short(payload)}'", status, body);
                }
            foreach (var page in pages)
            {
                var (status, body, _) = await browser.Get(string.Format(page, Uri.EscapeDataString(payload)));
                Check($"{page} '{Short(payload)}'", status, body);
            }
        }
        sent.ShouldBeGreaterThanOrEqualTo(1000);
        problems.Distinct().ShouldBeEmpty();
        (await Accounts()).ShouldBe(before, "no account, passkey, client or token was made or changed");
    }

    /// <summary>The team's operations and pages, each field given each payload, as the company's owner (a real account).</summary>
    [Fact]
    public async Task hostile_input_to_the_team_and_its_clients_gets_clean_answers_and_changes_no_team()
    {
        var team = await app.NewTeam();
        var owner = team.Owner;
        var operations = new (string Name, string Document, Func<string, object> Variables, string? Token)[]
        {
            ("inviteMember", "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { team { version } } }", p => new { i = new { email = p, role = "RECRUITER" } }, owner.Token),
            ("inviteMember role", "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { team { version } } }", p => new { i = new { email = "a@b.example", role = p } }, owner.Token),
            ("changeMemberRole", "mutation($i: ChangeMemberRoleInput!) { changeMemberRole(input: $i) { team { version } } }", p => new { i = new { accountId = p, role = "ADMIN" } }, owner.Token),
            ("removeMember", "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { team { version } } }", p => new { i = new { accountId = p } }, owner.Token),
            ("cancelMemberInvitation", "mutation($i: TeamInvitationIdInput!) { cancelMemberInvitation(input: $i) { team { version } } }", p => new { i = new { invitationId = p } }, owner.Token),
            ("joinCompany", "mutation($i: TeamInvitationIdInput!) { joinCompany(input: $i) { company { id } } }", p => new { i = new { invitationId = p } }, owner.Token),
            ("registerCompany by an account", "mutation($i: RegisterCompanyInput!) { registerCompany(input: $i) { company { id } } }", p => new { i = new { name = p, slug = "NOT A SLUG " + p, website = p } }, owner.Token),
            ("approveCompany", "mutation($i: CompanyIdInput!) { approveCompany(input: $i) { company { id } } }", p => new { i = new { companyId = p } }, app.Token(Roles.Admin)),
            ("createApiClient", "mutation($i: CreateApiClientInput!) { createApiClient(input: $i) { clientSecret } }", p => new { i = new { name = p, scopes = new[] { p } } }, owner.Token),
            ("rotateApiClientSecret", "mutation($i: ApiClientIdInput!) { rotateApiClientSecret(input: $i) { clientSecret } }", p => new { i = new { clientId = p } }, owner.Token),
            ("revokeApiClient", "mutation($i: ApiClientIdInput!) { revokeApiClient(input: $i) { revoked } }", p => new { i = new { clientId = p } }, owner.Token),
        };
        var forms = new (string Path, string[] Fields)[]
        {
            ("/company/team", ["action", "email", "role"]), ("/company/team", ["action", "accountId", "role"]),
            ("/company/team", ["action", "invitationId", "clientId", "name", "scopes"]), ("/company/register", ["name", "slug", "website"]),
        };
        var before = await TeamState(team);
        var problems = new List<string>();
        var sent = 0;
        void Check(string name, int status, string body)
        {
            sent++;
            if (status >= 500 && status != 503) problems.Add($"{name}: HTTP {status}");
            if (body.Contains("   at ") || body.Contains("Exception") || body.Contains("Npgsql") || body.Contains("EntityFramework")) problems.Add($"{name}: leaks internals");
        }
        var field = System.Text.RegularExpressions.Regex.Match((await owner.Browser.Get("/company/team")).Body, "name=\"__form\" value=\"([^\"]+)\"").Groups[1].Value;
        field.ShouldNotBeEmpty();
        foreach (var payload in Payloads)
        {
            foreach (var (name, document, variables, token) in operations)
            {
                var response = await app.Host.GraphQL(document, variables(payload), token);
                Check($"{name} '{Short(payload)}'", response.Status, response.Body);
                if (response.Errors.Count == 0) problems.Add($"{name} '{Short(payload)}': succeeded but must fail");
                foreach (var error in response.Errors)
                    if (!(error.TryGetProperty("extensions", out var e) && e.TryGetProperty("code", out var code) && Codes.Contains(code.GetString()!)))
                        problems.Add($"{name} '{Short(payload)}': no stable code");
            }
            foreach (var (path, fields) in forms)
                foreach (var withToken in new[] { true, false })
                {
                    var values = fields.ToDictionary(f => f, _ => payload);
                    if (fields.Contains("action")) values["action"] = fields[1] switch { "email" => "invite", "accountId" => "change", _ => payload };
                    if (withToken) values["__form"] = field;
                    var (status, body, _) = await owner.Browser.Post(path, values);
                    Check($"{path} {(withToken ? "with" : "without")} token, '{Short(payload)}'", (int)status, body);
                }
            // A NUL in a path never reaches the app: Kestrel refuses it, and the in-process test server throws on it.
            if (payload.Contains('\0')) continue;
            var (joinStatus, joinBody, _) = await owner.Browser.Get($"/company/join/{Uri.EscapeDataString(payload)}");
            Check($"join page '{Short(payload)}'", (int)joinStatus, joinBody);
        }
        sent.ShouldBeGreaterThanOrEqualTo(700);
        problems.Distinct().ShouldBeEmpty();
        (await TeamState(team)).ShouldBe(before, "no member, invitation, client or company was made or changed");
    }

    private async Task<string> TeamState(TestTeam team) =>
        (await app.Host.GraphQL($"{{ me {{ team {{ {TeamScenarios.TeamFields} }} apiClients {{ clientId }} }} }}", token: team.Owner.Token)).Body
        + await Accounts();

    private static string Short(string payload) => payload.Length > 20 ? payload[..20] + "…" : payload;

    /// <summary>The accounts schema's rows, counted.</summary>
    private static async Task<string> Accounts()
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        var counts = new List<string>();
        foreach (var table in new[] { "AspNetUsers", "AspNetUserPasskeys", "AspNetUserLogins", "AspNetUserRoles", "OpenIddictApplications", "OpenIddictAuthorizations", "OpenIddictTokens" })
        {
            await using var count = new NpgsqlCommand($"select count(*) from accounts.\"{table}\"", connection);
            counts.Add($"{table}={(long)(await count.ExecuteScalarAsync())!}");
        }
        return string.Join(", ", counts);
    }

    /// <summary>Waits for background work and the async projections to settle, then counts events, streams and documents.</summary>
    private static async Task<string> Quiet(AppFixture app)
    {
        await app.AllCaughtUp();
        string last = "", current = await Snapshot();
        for (var i = 0; i < 40 && current != last; i++)
        {
            await Task.Delay(500);
            (last, current) = (current, await Snapshot());
        }
        return current;
    }

    private static async Task<string> Snapshot()
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'public' and (table_name like 'mt_doc_%' or table_name in ('mt_events', 'mt_streams')) order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var counts = new List<string>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
            counts.Add($"{table}={(long)(await count.ExecuteScalarAsync())!}");
        }
        return string.Join(", ", counts);
    }
}
