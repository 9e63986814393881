using Marten;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Writes deliveries as one statement each way, whatever their number: the fan-out's new ones, and the attempts'
/// records. Marten's own store writes a statement per document; for a delivery, written twice, those statements had
/// cost PostgreSQL more than the command that caused it (docs/performance.md, round 30). The rows are Marten's
/// documents all the same, read back through the session like any other.
/// </summary>
public static class DeliveryRows
{
    /// <summary>New deliveries; one already there (a page fanned out again) is left as it is.</summary>
    public static void Insert(IDocumentOperations operations, IReadOnlyCollection<WebhookDelivery> deliveries)
    {
        if (deliveries.Count == 0) return;
        operations.QueueSqlCommand(
            $"insert into {Table(operations)} (id, data, mt_dotnet_type, endpoint_id, created_at) " +
            "select d.id, d.data, ?, d.endpoint_id, d.created_at from unnest(?::uuid[], ?::jsonb[], ?::uuid[], ?::timestamptz[]) as d(id, data, endpoint_id, created_at) " +
            "on conflict (id) do nothing",
            typeof(WebhookDelivery).FullName!,
            deliveries.Select(d => d.Id).ToArray(), Documents(operations, deliveries),
            deliveries.Select(d => d.EndpointId).ToArray(), deliveries.Select(d => d.CreatedAt.ToUniversalTime()).ToArray());
    }

    /// <summary>Deliveries read in this session and changed since: their attempts, status and next turn.</summary>
    public static void Update(IDocumentOperations operations, IReadOnlyCollection<WebhookDelivery> deliveries)
    {
        if (deliveries.Count == 0) return;
        operations.QueueSqlCommand(
            $"update {Table(operations)} as t set data = d.data, mt_last_modified = transaction_timestamp(), " +
            "mt_version = md5(random()::text || clock_timestamp()::text)::uuid " +
            "from unnest(?::uuid[], ?::jsonb[]) as d(id, data) where t.id = d.id",
            deliveries.Select(d => d.Id).ToArray(), Documents(operations, deliveries));
    }

    private static string[] Documents(IDocumentOperations operations, IReadOnlyCollection<WebhookDelivery> deliveries)
    {
        var serializer = operations.DocumentStore.Options.Serializer();
        return deliveries.Select(d => serializer.ToJson(d)).ToArray();
    }

    private static string Table(IDocumentOperations operations) =>
        operations.DocumentStore.Options.FindOrResolveDocumentType(typeof(WebhookDelivery)).TableName.QualifiedName;
}
