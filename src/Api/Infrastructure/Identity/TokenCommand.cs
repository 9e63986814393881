using JasperFx.CommandLine;

namespace Marketplace.Api.Infrastructure.Identity;

public sealed class TokenInput : NetCoreInput
{
    [Description("candidate, company, analyst or admin")]
    public string RoleFlag { get; set; } = Roles.Candidate;

    [Description("The token's subject (a candidate's id); a new id when omitted")]
    public string? SubjectFlag { get; set; }

    [Description("The company id, for company members and company-scoped analysts")]
    public string? CompanyFlag { get; set; }
}

[Description("Prints a bearer token for local use (Development only)", Name = "token")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        using var host = input.BuildHost();
        if (!host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            Console.Error.WriteLine("The token verb is disabled outside Development.");
            return false;
        }
        if (!Roles.All.Contains(input.RoleFlag))
        {
            Console.Error.WriteLine($"--role must be one of {string.Join(", ", Roles.All)}.");
            return false;
        }
        if (!TryGuid(input.SubjectFlag, "--subject", out var subject) || !TryGuid(input.CompanyFlag, "--company", out var company))
            return false;
        if (input.RoleFlag == Roles.Company && company is null)
        {
            Console.Error.WriteLine("A company member's token needs --company <id>.");
            return false;
        }
        Console.WriteLine(host.Services.GetRequiredService<TokenIssuer>().Issue(input.RoleFlag, subject, company));
        return true;
    }

    private static bool TryGuid(string? text, string flag, out Guid? value)
    {
        value = null;
        if (text is null) return true;
        if (Guid.TryParse(text, out var parsed)) { value = parsed; return true; }
        Console.Error.WriteLine($"{flag} must be a GUID.");
        return false;
    }
}
