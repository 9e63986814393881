using System.Text.Json;
using Shouldly;

namespace Marketplace.Api.Tests.Support;

public sealed class GraphQLResponse(int status, string? contentType, string body)
{
    public int Status { get; } = status;
    public string? ContentType { get; } = contentType;
    public string Body { get; } = body;
    public JsonElement Json { get; } = body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default;

    public JsonElement Data(string path = "")
    {
        Errors.ShouldBeEmpty($"unexpected errors: {Body}");
        var node = Json.GetProperty("data");
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries)) node = node.GetProperty(part);
        return node;
    }

    public IReadOnlyList<JsonElement> Errors =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateArray()] : [];

    /// <summary>The single error's extensions.code, asserting there is exactly one error.</summary>
    public string ErrorCode
    {
        get
        {
            Errors.Count.ShouldBe(1, Body);
            return Errors[0].GetProperty("extensions").GetProperty("code").GetString()!;
        }
    }

    public JsonElement ErrorExtensions => Errors.ShouldHaveSingleItem().GetProperty("extensions");

    public void ShouldFailWith(string code)
    {
        ErrorCode.ShouldBe(code, Body);
        Body.ShouldNotContain("   at ", customMessage: "no stack trace may reach a client");
    }
}
