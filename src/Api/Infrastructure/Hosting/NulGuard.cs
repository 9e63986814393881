namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// PostgreSQL's text cannot hold a NUL character, and a parameter with one fails the query that carries it; ASP.NET
/// Core's form reader throws on one. The account forms and the provider's endpoints answered 500 to it (the hostile
/// input test found them): a request whose query or form holds one is refused before anything reads it (400, as
/// OpenID Connect's <c>invalid_request</c>).
/// </summary>
public static class NulGuard
{
    public static void UseNulGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/connect") || http.Request.Path.StartsWithSegments("/account"))
        {
            var holds = http.Request.Query.Any(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true));
            if (!holds && http.Request.HasFormContentType)
            {
                try
                {
                    var form = await http.Request.ReadFormAsync(http.RequestAborted);
                    holds = form.Any(f => f.Key.Contains('\0') || f.Value.Any(v => v?.Contains('\0') == true));
                }
                catch (InvalidDataException)
                {
                    // ASP.NET Core's form reader refuses a NUL itself, by throwing.
                    holds = true;
                }
            }
            if (holds)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
                {
                    ["error"] = "invalid_request",
                    ["error_description"] = "The request holds a NUL character.",
                }, http.RequestAborted);
                return;
            }
        }
        await next();
    });
}
