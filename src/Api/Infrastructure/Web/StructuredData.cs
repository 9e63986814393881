using System.Text.Encodings.Web;
using System.Text.Json;

namespace Marketplace.Api.Infrastructure.Web;

/// <summary>schema.org JSON-LD for a page's head. The default encoder escapes &lt; and &gt;, so no text can close the script element.</summary>
public static class StructuredData
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(Dictionary<string, object?> data) =>
        JsonSerializer.Serialize(data.Where(p => p.Value is not null).ToDictionary(), Json);
}
