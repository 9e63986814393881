namespace Marketplace.Domain.Companies;

/// <summary>A member's role in one company (PRODUCT.md, "Who uses it").</summary>
public enum CompanyRole { Owner, Admin, Recruiter, HiringManager, Analyst }

/// <summary>What a company's caller may do; a member has them by role, a machine client by its scopes.</summary>
[Flags]
public enum CompanyCapabilities
{
    None = 0,
    /// <summary>Draft, revise, publish, close and reopen postings; read them in any state.</summary>
    Postings = 1,
    /// <summary>Read the company's applications and move them through the pipeline.</summary>
    Pipeline = 2,
    /// <summary>Manage the company's challenges and review their near-copy flags.</summary>
    Challenges = 4,
    /// <summary>Search the talent pool and invite candidates.</summary>
    Talent = 8,
    /// <summary>Read the company's hiring funnel.</summary>
    Funnel = 16,
    /// <summary>Invite, change and remove members.</summary>
    Team = 32,
    /// <summary>Create, rotate and revoke the company's machine clients.</summary>
    Clients = 64,
    /// <summary>Register, change and remove the company's webhook endpoints; read their deliveries and replay them.</summary>
    Webhooks = 128,
    All = Postings | Pipeline | Challenges | Talent | Funnel | Team | Clients | Webhooks,
}

public static class Team
{
    /// <summary>How long an invitation to join a company can be accepted.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public static CompanyCapabilities Capabilities(this CompanyRole role) => role switch
    {
        CompanyRole.Owner or CompanyRole.Admin => CompanyCapabilities.All,
        CompanyRole.Recruiter => CompanyCapabilities.Postings | CompanyCapabilities.Pipeline | CompanyCapabilities.Challenges
                                 | CompanyCapabilities.Talent | CompanyCapabilities.Funnel,
        CompanyRole.HiringManager => CompanyCapabilities.Pipeline,
        CompanyRole.Analyst => CompanyCapabilities.Funnel,
        _ => CompanyCapabilities.None,
    };

    /// <summary>The scopes a machine client may be given, each granting one capability; a client never manages the team or clients.</summary>
    public static readonly IReadOnlyDictionary<string, CompanyCapabilities> Scopes = new Dictionary<string, CompanyCapabilities>
    {
        ["postings"] = CompanyCapabilities.Postings,
        ["pipeline"] = CompanyCapabilities.Pipeline,
        ["challenges"] = CompanyCapabilities.Challenges,
        ["talent"] = CompanyCapabilities.Talent,
        ["funnel"] = CompanyCapabilities.Funnel,
        ["webhooks"] = CompanyCapabilities.Webhooks,
    };

    /// <summary>How many machine clients one company may hold at once.</summary>
    public const int MaxClientsPerCompany = 20;

    /// <summary>A new machine client: a name, at least one known scope, and room for it among the company's clients.</summary>
    public static void ValidateClient(string name, IReadOnlyList<string> scopes, int existingClients)
    {
        Common.Input.Text("name", name, 2, 80);
        if (scopes.Count == 0) throw new Common.ValidationFailed("scopes", $"Give at least one scope: {string.Join(", ", Scopes.Keys)}.");
        if (scopes.FirstOrDefault(s => !Scopes.ContainsKey(s)) is { } unknown)
            throw new Common.ValidationFailed("scopes", $"'{unknown}' is not a scope; the scopes are {string.Join(", ", Scopes.Keys)}.");
        if (existingClients >= MaxClientsPerCompany)
            throw new Common.RuleViolation($"A company has at most {MaxClientsPerCompany} API clients: revoke one first.");
    }

    public static CompanyCapabilities FromScopes(IEnumerable<string> scopes) =>
        scopes.Aggregate(CompanyCapabilities.None, (all, scope) => all | Scopes.GetValueOrDefault(scope));

    public static bool SameEmail(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The company as a member who manages the team sees it: approved, and the caller still an owner or admin.</summary>
    public static (Company Company, Member Manager) ManagedBy(this Company? company, Guid companyId, Guid accountId)
    {
        if (company is null) throw new Common.NotFound("Company", companyId);
        if (!company.Approved) throw new Common.RuleViolation("The company is waiting for an administrator's approval.");
        var manager = company.MemberOf(accountId);
        if (manager is null || !manager.Role.Capabilities().HasFlag(CompanyCapabilities.Team))
            throw new Common.Forbidden("Only the company's owners and admins manage its team.");
        return (company, manager);
    }

    /// <summary>Only an owner makes, unmakes or removes an owner; a company always keeps one.</summary>
    public static void MayTouchOwnership(Member manager, Member target, CompanyRole? newRole, Company company)
    {
        var ownershipChanges = target.Role == CompanyRole.Owner || newRole == CompanyRole.Owner;
        if (ownershipChanges && manager.Role != CompanyRole.Owner) throw new Common.Forbidden("Only an owner changes who owns the company.");
        if (target.Role == CompanyRole.Owner && newRole != CompanyRole.Owner && company.Members.Count(m => m.Role == CompanyRole.Owner) == 1)
            throw new Common.RuleViolation("A company keeps at least one owner: make someone else owner first.");
    }
}
