using JasperFx.CommandLine;
using Marketplace.Api.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Accounts;

public sealed class AccountsInput : NetCoreInput
{
    [Description("grant or revoke")]
    public string Action { get; set; } = "grant";

    [Description("The account's email")]
    public string Email { get; set; } = "";

    [Description("The platform role: admin or analyst")]
    public string Role { get; set; } = "";
}

/// <summary>
/// Gives an account a platform role, or takes it away: how the first administrator and the platform's analysts are
/// made (PRODUCT.md, "Who uses it"). The change holds from the account's next request.
/// </summary>
[Description("Grants or revokes an account's platform role (admin, analyst)", Name = "accounts")]
public sealed class AccountsCommand : JasperFxAsyncCommand<AccountsInput>
{
    public override async Task<bool> Execute(AccountsInput input)
    {
        if (input.Action is not ("grant" or "revoke") || input.Role is not (Roles.Admin or Roles.Analyst))
        {
            Console.Error.WriteLine("usage: accounts grant|revoke <email> admin|analyst");
            return false;
        }
        using var host = input.BuildHost();
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        if (await users.FindByEmailAsync(input.Email) is not { } account)
        {
            Console.Error.WriteLine($"No account has the email {input.Email}: sign up first.");
            return false;
        }
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(input.Role)) await roles.CreateAsync(new IdentityRole<Guid>(input.Role) { Id = Guid.CreateVersion7() });
        var result = input.Action == "grant"
            ? await users.AddToRoleAsync(account, input.Role)
            : await users.RemoveFromRoleAsync(account, input.Role);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(string.Join(" ", result.Errors.Select(e => e.Description)));
            return false;
        }
        Console.WriteLine($"{input.Email} {(input.Action == "grant" ? "is now" : "is no longer")} {input.Role}.");
        return true;
    }
}
