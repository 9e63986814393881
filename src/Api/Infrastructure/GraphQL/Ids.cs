using Marketplace.Domain.Common;

namespace Marketplace.Api.Infrastructure.GraphQL;

public static class Ids
{
    /// <summary>Ids are non-empty GUIDs; the empty GUID names nothing.</summary>
    public static Guid Parse(string field, string? text) =>
        TryParse(text) ?? throw new ValidationFailed(field, $"{field} is not a valid id.");

    public static Guid? TryParse(string? text) => Guid.TryParse(text, out var id) && id != Guid.Empty ? id : null;
}
