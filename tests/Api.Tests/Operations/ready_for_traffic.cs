using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;
using System.Net;
using System.Text.Json;

namespace Marketplace.Api.Tests.Operations;

/// <summary>/health/ready tells an operator when the async projections fall behind, and when they have caught up again.</summary>
public class ready_for_traffic(AppFixture app)
{
    [Fact]
    public async Task ready_reports_projections_that_fall_behind_the_limit_and_recovers_when_they_catch_up()
    {
        await using var api = await ApiProcess.StartWithSkills(new Dictionary<string, string> { ["Health__MaxProjectionLagSeconds"] = "1" });
        using var http = new HttpClient { BaseAddress = new Uri(api.Url) };
        await using var db = new NpgsqlConnection(api.ConnectionString);
        await db.OpenAsync();
        var client = new PatientClient(http);
        // A projection removed since (the challenge board, ADR 33) leaves its progress row behind, stopped at 0: it is
        // not one this build runs, so it is no lag.
        await using (var stale = new NpgsqlCommand("insert into mt_event_progression (name, last_seq_id) values ('ChallengeBoard:All', 0)", db))
            await stale.ExecuteNonQueryAsync();
        await RegisterCompany(client);
        var current = await Eventually.Until(() => Ready(http), r => r.Projections.GetProperty("data").GetProperty("eventsBehind").GetInt64() == 0);
        current.Projections.GetProperty("status").GetString().ShouldBe("Healthy");

        // Stall the projections as a stuck holder would: the test takes the locks the node runs them under.
        var locks = await Eventually.Until(() => AdvisoryLocks(db), l => l.Count >= 3);
        await api.Kill();
        await using var stall = new NpgsqlConnection(api.ConnectionString);
        await stall.OpenAsync();
        foreach (var (classId, objectId) in locks)
        {
            await using var take = new NpgsqlCommand("select pg_advisory_lock((@c::bigint << 32) | @o::bigint)", stall);
            take.Parameters.AddWithValue("c", (long)classId);
            take.Parameters.AddWithValue("o", (long)objectId);
            await take.ExecuteScalarAsync();
        }
        await api.Restart();
        await RegisterCompany(client);

        var behind = await Eventually.Until(() => Ready(http), r => r.Projections.GetProperty("status").GetString() == "Degraded", TimeSpan.FromSeconds(15));
        behind.Status.ShouldBe(HttpStatusCode.OK, "lag is the cluster's, not this node's: it stays in the load balancer");
        behind.Projections.GetProperty("status").GetString().ShouldBe("Degraded");
        behind.Projections.GetProperty("data").GetProperty("eventsBehind").GetInt64().ShouldBeGreaterThan(0);

        // The stuck holder lets go: the node takes the locks at its next try and catches up.
        await using (var release = new NpgsqlCommand("select pg_advisory_unlock_all()", stall)) await release.ExecuteNonQueryAsync();
        var caughtUp = await Eventually.Until(() => Ready(http), r => r.Projections.GetProperty("status").GetString() == "Healthy", TimeSpan.FromSeconds(20));
        caughtUp.Projections.GetProperty("status").GetString().ShouldBe("Healthy", "the node took the locks and caught up");
    }

    private Task RegisterCompany(PatientClient client) =>
        client.Mutate("mutation($input: RegisterCompanyInput!) { registerCompany(input: $input) { company { id } } }",
            new { name = "Lagging Co", slug = "lag-" + Guid.NewGuid().ToString("N")[..8] }, app.Token(Roles.Admin));

    private sealed record Readiness(HttpStatusCode Status, JsonElement Projections);

    private static async Task<Readiness> Ready(HttpClient http)
    {
        using var response = await http.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return new(response.StatusCode, body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "projections"));
    }

    /// <summary>The advisory locks other sessions hold on this database (all taken by a bigint key, as Marten and Wolverine do).</summary>
    private static async Task<List<(uint ClassId, uint ObjectId)>> AdvisoryLocks(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand(
            "select classid::bigint, objid::bigint from pg_locks where locktype = 'advisory' and objsubid = 1 and granted and pid <> pg_backend_pid() " +
            "and database = (select oid from pg_database where datname = current_database())", db);
        var locks = new List<(uint, uint)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) locks.Add(((uint)reader.GetInt64(0), (uint)reader.GetInt64(1)));
        return locks;
    }
}
