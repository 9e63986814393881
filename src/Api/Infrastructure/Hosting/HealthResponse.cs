using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Text.Json;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>/health/ready as JSON: the overall status and each check's status, description and figures.</summary>
public static class HealthResponse
{
    public static Task WriteJson(HttpContext http, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        }, cancellationToken: http.RequestAborted);
    }
}
