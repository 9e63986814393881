using GraphQL.Types;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>
/// Fields one feature adds to another feature's object type, so that the type's owner need not know the feature that
/// tells them (a posting's pipeline is for the applications to count). Graph types are built by DI, which hands the
/// owner every contributor; the owner adds them where their fields stand in the schema.
/// </summary>
public interface IFieldContributor<in TGraphType> where TGraphType : IComplexGraphType
{
    void AddFields(TGraphType type);
}
