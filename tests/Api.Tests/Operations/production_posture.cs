using System.Net.Http.Json;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Marketplace.Api.Infrastructure.Identity;
using System.Diagnostics;
using System.Net;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Operations;

public class production_posture
{
    [Fact]
    public async Task the_token_verb_prints_a_token_in_development_only()
    {
        var company = Guid.NewGuid();
        var (code, output) = await ApiProcess.RunVerb("Development", null, "token", "--role", "company", "--company", company.ToString());
        code.ShouldBe(0, output);
        output.Trim().Split('\n').Last().Count(c => c == '.').ShouldBe(2, "a JWT has three parts");

        var (refused, refusal) = await ApiProcess.RunVerb("Production", null, "token", "--role", "admin");
        refused.ShouldNotBe(0);
        refusal.ShouldNotContain("eyJ", customMessage: "no token may be printed outside Development");
    }

    [Fact]
    public async Task the_api_refuses_to_start_without_a_database_and_says_what_to_set()
    {
        var info = ApiProcess.StartInfo("Production", null, "--urls", "http://127.0.0.1:0");
        info.Environment.Remove("ConnectionStrings__Marketplace");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldNotBe(0);
        output.ShouldContain("ConnectionStrings__Marketplace");
    }

    [Fact]
    public async Task production_refuses_to_start_with_a_shared_signing_key()
    {
        var (code, output) = await ApiProcess.RunVerbWith("Production", new Dictionary<string, string> { ["Auth__SigningKey"] = new string('k', 48) },
            "--urls", "http://127.0.0.1:0");
        code.ShouldNotBe(0);
        output.ShouldContain("Auth__SigningKey is set in the Production environment, but tokens signed with a shared key are for Development only");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("marketplace.example.com;*")]
    public async Task outside_development_the_api_serves_only_named_host_names(string? allowedHosts)
    {
        var settings = new Dictionary<string, string>();
        if (allowedHosts is not null) settings["AllowedHosts"] = allowedHosts;
        var (code, output) = await ApiProcess.RunVerbWith("Production", settings, "--urls", "http://127.0.0.1:0");
        code.ShouldNotBe(0);
        output.ShouldContain($"AllowedHosts is '{allowedHosts}' in the Production environment: name the host names this node answers to");
    }

    [Fact]
    public async Task seed_loads_demo_data_outside_development_only_when_forced()
    {
        var (code, output) = await ApiProcess.RunVerbWith("Production", new Dictionary<string, string>(), "seed");
        code.ShouldNotBe(0);
        output.ShouldContain("seed loads demo companies, candidates and hiring history, which do not belong in the Production environment: nothing was loaded.");
        output.ShouldNotContain("skills:", customMessage: "the refusal comes before anything is written");
    }

    [Fact]
    public async Task production_needs_db_apply_and_ready_reports_a_missing_schema()
    {
        var database = "marketplace_empty_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = "postgres" }.ConnectionString;
        var connectionString = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = database }.ConnectionString;
        await EventStoreChecks.Execute(admin, $"create database {database}");
        try
        {
            ProcessStartInfo Production(params string[] args)
            {
                var info = ApiProcess.StartInfo("Production", null, args);
                info.Environment["ConnectionStrings__Marketplace"] = connectionString;
                info.Environment["AllowedHosts"] = "127.0.0.1;localhost";
                return info;
            }

            var url = $"http://127.0.0.1:{Random.Shared.Next(20000, 30000)}";
            var (refused, why) = await Run(Production("--urls", url));
            refused.ShouldNotBe(0, "production does not create tables on its own");
            why.ShouldContain("resources setup");

            var (applied, applyOutput) = await Run(Production("db-apply"));
            applied.ShouldBe(0, applyOutput);
            await using (var db = new NpgsqlConnection(connectionString))
            {
                await db.OpenAsync();
                (await EventStoreChecks.Scalar(db, "select attstattarget from pg_attribute where attrelid = 'mt_events'::regclass and attname = 'data'"))
                    .ShouldBe(0, "db-apply sets the hot tables' statistics with the rest of the schema (docs/adr/0019)");
                (await EventStoreChecks.Scalar(db, "select count(*) from accounts.\"__migrations\""))
                    .ShouldBeGreaterThan(0, "db-apply brings the accounts schema up to date with the rest (docs/adr/0025)");
                (await EventStoreChecks.Scalar(db, "select count(*) from accounts.\"AspNetUserPasskeys\"")).ShouldBe(0);
                (await EventStoreChecks.Scalar(db, "select count(*) from pg_views where schemaname = 'reporting'"))
                    .ShouldBeGreaterThan(0, "db-apply makes the reporting views after the tables they read (docs/adr/0028)");
            }

            using var process = Process.Start(Production("--urls", url))!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient();
                (await Eventually(() => http.GetAsync($"{url}/health/ready"))).StatusCode.ShouldBe(HttpStatusCode.OK);
                using (var forged = new HttpRequestMessage(HttpMethod.Get, $"{url}/health/ready"))
                {
                    forged.Headers.Host = "evil.example";
                    (await http.SendAsync(forged)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a host name not in AllowedHosts");
                }

                // No production path takes a token signed with a shared key, the development one least of all.
                foreach (var key in new[] { IdentitySetup.DevelopmentSigningKey, new string('k', 48) })
                {
                    using var shared = new HttpRequestMessage(HttpMethod.Post, $"{url}/graphql") { Content = JsonContent.Create(new { query = "{ me { role } }" }) };
                    shared.Headers.Authorization = new("Bearer", new TokenIssuer(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key))).Issue(Roles.Admin, null, null));
                    using var answer = await http.SendAsync(shared);
                    answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
                    (await answer.Content.ReadAsStringAsync()).ShouldContain("UNAUTHENTICATED");
                }

                await EventStoreChecks.Execute(connectionString, "drop table mt_doc_skill");
                (await http.GetAsync($"{url}/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                (await http.GetAsync($"{url}/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await EventStoreChecks.Execute(admin, $"drop database if exists {database} with (force)");
        }
    }

    private static async Task<(int, string)> Run(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<HttpResponseMessage> Eventually(Func<Task<HttpResponseMessage>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return await call(); }
            catch (HttpRequestException) when (attempt < 200) { await Task.Delay(100); }
        }
    }
}
