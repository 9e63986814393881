using Marketplace.Api.Accounts;
using Marketplace.Api.Infrastructure.Identity;
using Marketplace.Domain.Companies;
using Marketplace.Projections.Companies;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Seed;

/// <summary>
/// Accounts to try the product with (Development only, like the rest of the demo data): a platform analyst and
/// administrator, a candidate of the demo (its account id is its candidate id), and for each demo company an owner and
/// a recruiter, all confirmed, with one password that the seed
/// prints. Each is made once; a second run finds them.
/// </summary>
public sealed class DemoAccounts(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles, IDocumentStore store)
{
    public const string Password = "harbour-lantern-pine-42";

    public static string Owner(string companySlug) => $"owner@{companySlug}.example";

    public static string Recruiter(string companySlug) => $"recruiter@{companySlug}.example";

    public const string Analyst = "analyst@demo.example";
    public const string Admin = "admin@demo.example";

    public async Task Load(IReadOnlyList<(Guid Id, string Slug)> companies, Action<string> progress, CancellationToken cancellation = default)
    {
        await Platform(Analyst, Roles.Analyst);
        var (candidate, candidateEmail) = DemoData.FirstCandidate();
        await Confirmed(candidateEmail, candidate);
        await Platform(Admin, Roles.Admin);
        await using var session = store.LightweightSession();
        foreach (var (company, slug) in companies)
        {
            var team = await session.LoadAsync<CompanyTeam>(company, cancellation);
            foreach (var (email, role) in new[] { (Owner(slug), CompanyRole.Owner), (Recruiter(slug), CompanyRole.Recruiter) })
            {
                var account = await Confirmed(email);
                // The seed is a trusted loader: it records the joining as the product would after an accepted invitation.
                if (team?.Members.Any(m => m.AccountId == account.Id) != true)
                    session.Events.Append(company, new MemberJoined(company, account.Id, email, role, null, DateTimeOffset.UtcNow));
            }
        }
        await session.SaveChangesAsync(cancellation);
        progress($"accounts: {Analyst} (analyst), {Admin} (admin), {Owner(companies[0].Slug)} and {Recruiter(companies[0].Slug)} (and the same " +
                 $"for each demo company), {candidateEmail} (a candidate with reviewed work); password {Password}");
    }

    private async Task Platform(string email, string role)
    {
        var account = await Confirmed(email);
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
        if (!await users.IsInRoleAsync(account, role)) await users.AddToRoleAsync(account, role);
    }

    private async Task<Account> Confirmed(string email, Guid? id = null)
    {
        if (await users.FindByEmailAsync(email) is { } found) return found;
        var account = new Account { Id = id ?? Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(account, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        return account;
    }
}
