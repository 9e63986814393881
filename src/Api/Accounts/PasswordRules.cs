using Microsoft.AspNetCore.Identity;

namespace Marketplace.Api.Accounts;

/// <summary>
/// What makes a password refused, each with its reason (NIST SP 800-63B 5.1.1.2, OWASP ASVS 2.1): fewer than 12
/// characters or more than 128; one of the 3,546 most common passwords shipped in <c>common-passwords.txt</c> (Openwall's
/// list, in the public domain), alone, repeated, or with digits and symbols added; one character repeated or a run such
/// as 123456789012; the site's name or the account's own email address. No rules about character classes.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<Account>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Accounts", "common-passwords.txt"))
            .Where(line => !line.StartsWith("#!comment") && line.Length > 0)
            .Select(line => line.Trim().ToLowerInvariant())
            .ToHashSet());

    public static int CommonCount => Common.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password) =>
        Task.FromResult(Problem(password, user.Email) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = problem.Code, Description = problem.Reason })
            : IdentityResult.Success);

    /// <summary>Why this password is refused, or null.</summary>
    public static (string Code, string Reason)? Problem(string? password, string? email)
    {
        if (password is null || password.Length < MinLength)
            return ("PasswordTooShort", $"Use at least {MinLength} characters: a few unrelated words make a long password easy to remember.");
        if (password.Length > MaxLength) return ("PasswordTooLong", $"Use at most {MaxLength} characters.");
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() == 1 || IsRun(lower))
            return ("PasswordPattern", "A repeated character or a run such as 123456 or abcdef is guessed at once: choose another.");
        if (IsCommon(lower)) return ("PasswordCommon", "That password is one of the most common ones, so it is among the first an attacker tries: choose another.");
        var name = email?.Split('@')[0].ToLowerInvariant();
        if (lower.Contains("marketplace") || name is { Length: >= 4 } && lower.Contains(name))
            return ("PasswordPersonal", "Leave this site's name and your email address out of your password.");
        return null;
    }

    /// <summary>A common password alone, repeated, or with digits and symbols before or after it.</summary>
    private static bool IsCommon(string lower)
    {
        if (Common.Value.Contains(lower)) return true;
        var core = lower.Trim("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        if (core.Length >= 4 && Common.Value.Contains(core)) return true;
        for (var unit = 1; unit <= lower.Length / 2; unit++)
            if (lower.Length % unit == 0 && string.Concat(Enumerable.Repeat(lower[..unit], lower.Length / unit)) == lower)
                return unit < 4 || Common.Value.Contains(lower[..unit]) || IsRun(lower[..unit]);
        return false;
    }

    /// <summary>Each character one after the other, up or down (digits wrap: 1234567890).</summary>
    private static bool IsRun(string text)
    {
        if (text.Length < 4) return false;
        int Step(int i) => char.IsDigit(text[i]) && char.IsDigit(text[i - 1]) ? (text[i] - text[i - 1] + 10) % 10 : text[i] - text[i - 1];
        var first = Step(1);
        if (first is not (1 or -1 or 9)) return false;
        for (var i = 2; i < text.Length; i++)
            if (Step(i) != first) return false;
        return true;
    }
}
