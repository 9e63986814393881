using System.Text.RegularExpressions;

namespace Marketplace.Domain.Common;

/// <summary>Shape checks that run before a decision; each failure names the offending field.</summary>
public static partial class Input
{
    public static void Text(string field, string? value, int min, int max)
    {
        var length = value?.Trim().Length ?? 0;
        if (length < min) throw new ValidationFailed(field, $"{field} must have at least {min} characters.");
        if (length > max) throw new ValidationFailed(field, $"{field} must have at most {max} characters.");
        if (value!.Contains('\0')) throw new ValidationFailed(field, $"{field} must not contain NUL characters.");
    }

    public static void OptionalText(string field, string? value, int max)
    {
        if (value is not null) Text(field, value, 1, max);
    }

    public static void Slug(string field, string? value)
    {
        if (value is null || !SlugPattern().IsMatch(value))
            throw new ValidationFailed(field, $"{field} must be 2-60 lowercase letters, digits and single hyphens.");
    }

    public static void OptionalUrl(string field, string? value)
    {
        if (value is null) return;
        if (value.Length > 300 || !Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ValidationFailed(field, $"{field} must be an absolute http(s) URL of at most 300 characters.");
    }

    public static void Range(string field, int value, int min, int max)
    {
        if (value < min || value > max) throw new ValidationFailed(field, $"{field} must be between {min} and {max}.");
    }

    [GeneratedRegex("^(?=.{2,60}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
