using Marketplace.Domain.Common;

namespace Marketplace.Api.GraphQL.Common;

public static class Ids
{
    public static Guid Parse(string field, string? text) =>
        Guid.TryParse(text, out var id) ? id : throw new ValidationFailed(field, $"{field} is not a valid id.");

    public static Guid? TryParse(string? text) => Guid.TryParse(text, out var id) ? id : null;
}
