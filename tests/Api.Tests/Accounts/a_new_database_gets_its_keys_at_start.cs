using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Accounts;

/// <summary>
/// A node on a new database makes the provider's keys as it starts, beside the rest of its start, and not when the first
/// request that authenticates arrives (docs/performance.md, round 27).
/// </summary>
public class a_new_database_gets_its_keys_at_start
{
    [Fact]
    public async Task the_keys_are_made_before_any_request_one_of_each_use()
    {
        await using var api = await ApiProcess.StartUnprobed();

        var uses = await Eventually.Until(() => Uses(api), found => found.Count >= 2, TimeSpan.FromSeconds(60));

        uses.ShouldBe(["encryption", "signing"], $"one key of each use, made with no request sent.{api.LastLines()}");
    }

    private static async Task<List<string>> Uses(ApiProcess api)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select \"Use\" from accounts.signing_keys order by 1", connection);
        try
        {
            var uses = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) uses.Add(reader.GetString(0));
            return uses;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The node has not migrated the accounts schema yet.
            return [];
        }
    }
}
