using Marketplace.Api.Analytics.Reporting;
using Marketplace.Api.Tests.Support;
using Npgsql;

namespace Marketplace.Api.Tests.Analytics;

/// <summary>
/// A reporting login of a test's own, made by the verb's code on the suite's database, and connections as that login:
/// what a BI tool gets. Dropped at the end, as logins are the server's and outlive the database's data.
/// </summary>
public sealed class ReportingReader : IAsyncDisposable
{
    private readonly List<NpgsqlConnection> _opened = [];

    private ReportingReader(string name, string password)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString)
            { Username = name, Password = password, Pooling = false }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<ReportingReader> Create()
    {
        var name = "reporting_test_" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = await Admin();
        var granted = await ReportingLogin.Grant(admin, name);
        return new ReportingReader(name, granted.Password!);
    }

    /// <summary>The suite's own connection: the role that applies the schema, owns the views and may create roles.</summary>
    public static async Task<NpgsqlConnection> Admin()
    {
        var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<NpgsqlConnection> Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _opened.Add(connection);
        return connection;
    }

    /// <summary>The rows of a query as this login, each as its columns' values.</summary>
    public async Task<List<object?[]>> Rows(string sql, params (string Name, object Value)[] parameters)
    {
        var db = await Connect();
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _opened) await connection.DisposeAsync();
        await using var admin = await Admin();
        await ReportingLogin.Remove(admin, Name);
    }
}
