using Marketplace.Api.Infrastructure.Hosting;
using Marketplace.Api.Tests.Support;
using Npgsql;
using Shouldly;

namespace Marketplace.Api.Tests.Operations;

/// <summary>The store's connections are not reset between uses and keep the statements that repeat prepared (ADR 0017).</summary>
public class pooled_connections(AppFixture app)
{
    [Fact]
    public async Task a_statement_the_store_runs_again_is_prepared_on_its_connection()
    {
        await using var connection = (NpgsqlConnection)app.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var marker = $"prepared-{Guid.NewGuid():N}";
        for (var i = 0; i < ConnectionSettings.AutoPrepareMinUsages; i++)
        {
            await using var command = new NpgsqlCommand($"select length($1) /* {marker} */", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = "x" });
            (await command.ExecuteScalarAsync()).ShouldBe(1);
        }

        await using var check = new NpgsqlCommand("select count(*) from pg_prepared_statements where statement like $1", connection);
        check.Parameters.Add(new NpgsqlParameter { Value = $"%{marker}%" });
        ((long)(await check.ExecuteScalarAsync())!).ShouldBe(1L, "the second run of the same SQL prepares it on the server");
    }

    [Fact]
    public void the_store_settings_apply_where_the_connection_string_is_silent()
    {
        var tuned = new NpgsqlConnectionStringBuilder(ConnectionSettings.Tuned("Host=db;Database=marketplace;Username=app"));
        tuned.NoResetOnClose.ShouldBeTrue();
        tuned.MaxAutoPrepare.ShouldBe(ConnectionSettings.MaxAutoPrepare);
        tuned.AutoPrepareMinUsages.ShouldBe(ConnectionSettings.AutoPrepareMinUsages);
        tuned.ConnectionLifetime.ShouldBe(ConnectionSettings.ConnectionLifetimeSeconds);
        tuned.Host.ShouldBe("db");
    }

    [Fact]
    public void an_operator_who_names_a_setting_keeps_it()
    {
        var tuned = new NpgsqlConnectionStringBuilder(ConnectionSettings.Tuned(
            "Host=db;Database=marketplace;Username=app;No Reset On Close=false;MaxAutoPrepare=0;Connection Lifetime=30"));
        tuned.NoResetOnClose.ShouldBeFalse();
        tuned.MaxAutoPrepare.ShouldBe(0);
        tuned.ConnectionLifetime.ShouldBe(30);
        tuned.AutoPrepareMinUsages.ShouldBe(ConnectionSettings.AutoPrepareMinUsages);
    }
}
