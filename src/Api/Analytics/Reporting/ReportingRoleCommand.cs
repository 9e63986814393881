using JasperFx.CommandLine;
using Marketplace.Domain.Common;
using Marten;
using Npgsql;

namespace Marketplace.Api.Analytics.Reporting;

public sealed class ReportingRoleInput : NetCoreInput
{
    [Description("The login's name: lower-case letters, digits and underscores")]
    public string Name { get; set; } = "";

    [Description("Read the password from the first line of standard input instead of generating one")]
    public bool PasswordStdinFlag { get; set; }

    [Description("Give an existing login a new generated password (a new login always gets one)")]
    public bool NewPasswordFlag { get; set; }

    [Description("Take the login's access away and drop it")]
    public bool RemoveFlag { get; set; }
}

/// <summary>
/// Makes a PostgreSQL login for BI tools that reads the reporting schema and nothing else, or brings one back to exactly
/// that (docs/analytics.md, "Reporting schema for BI tools"). Runs on the configured connection, whose role must be
/// allowed to create roles; the schema must have been applied (db-apply).
/// </summary>
[Description("Creates or updates a read-only login for BI tools on the reporting schema", Name = "reporting-role")]
public sealed class ReportingRoleCommand : JasperFxAsyncCommand<ReportingRoleInput>
{
    public override async Task<bool> Execute(ReportingRoleInput input)
    {
        using var host = input.BuildHost();
        await using var db = host.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await db.OpenAsync();
        try
        {
            if (input.RemoveFlag)
            {
                await ReportingLogin.Remove(db, input.Name);
                Console.WriteLine($"The login {input.Name} is gone.");
                return true;
            }
            var password = input.PasswordStdinFlag ? Console.In.ReadLine() ?? "" : null;
            var granted = await ReportingLogin.Grant(db, input.Name, password, input.NewPasswordFlag);
            Console.WriteLine($"{(granted.Created ? "Created" : "Updated")} the login {input.Name}: it may read the views of the schema {ReportingViews.Schema} in the database {db.Database}, and nothing else.");
            if (granted.Password is { } generated)
                Console.WriteLine($"Its password, shown this once:\n{generated}");
            var findings = await ReportingLoginAudit.Of(db, input.Name);
            foreach (var note in findings.Notes) Console.WriteLine($"  note: {note}");
            foreach (var problem in findings.Problems) Console.Error.WriteLine($"  PROBLEM: {problem}");
            if (findings.Problems.Count > 0)
                Console.Error.WriteLine("The login can do more than read the reporting views: take these rights away (as the role that granted them, or a superuser) and run the verb again.");
            return findings.Problems.Count == 0;
        }
        catch (RuleViolation refused)
        {
            Console.Error.WriteLine(refused.Message);
            return false;
        }
        catch (PostgresException denied) when (denied.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.Error.WriteLine($"{denied.MessageText}: the configured connection's role may not do this. Run the verb with a connection string " +
                                    "(ConnectionStrings__Marketplace) of a role that may create roles and owns the reporting views, such as the one that runs db-apply.");
            return false;
        }
    }
}
