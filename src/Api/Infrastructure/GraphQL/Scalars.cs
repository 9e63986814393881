using GraphQL.Types;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>ISO-8601 instant with offset, named as the schema sketch names it.</summary>
public sealed class DateTimeScalar : DateTimeOffsetGraphType
{
    public DateTimeScalar()
    {
        Name = "DateTime";
        Description = "An ISO-8601 date and time with offset.";
    }
}

public sealed class DateScalar : DateOnlyGraphType
{
    public DateScalar()
    {
        Name = "Date";
        Description = "An ISO-8601 calendar date.";
    }
}
