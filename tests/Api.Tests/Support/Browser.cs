using System.Net;
using System.Text.RegularExpressions;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// What a browser does with the server-rendered forms, without drawing them: keeps cookies, reads a form's hidden
/// fields (the antiforgery token among them) from the page, posts it, and does not follow redirects, so tests see them.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;
    public CookieContainer Cookies { get; } = new();

    public Browser(HttpMessageHandler server, Uri baseAddress)
    {
        _http = new HttpClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(Cookies) { InnerHandler = server })
        {
            BaseAddress = baseAddress,
        };
    }

    public static Browser For(AppFixture app) => new(app.Host.Server.CreateHandler(), new Uri("http://localhost"));

    public async Task<(HttpStatusCode Status, string Body, string? Location)> Get(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>Opens the page, fills in the form that posts to <paramref name="action"/> and sends it.</summary>
    public Task<(HttpStatusCode Status, string Body, string? Location)> Submit(string page, string action, IDictionary<string, string> fields) =>
        SubmitTo(page, action, action, fields);

    /// <summary>
    /// Sends the hidden fields of the page's form that posts to <paramref name="formAction"/> to another address, as the
    /// page's script does when it fetches with the form's token.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> SubmitTo(string page, string formAction, string action,
        IDictionary<string, string> fields)
    {
        var (_, html, _) = await Get(page);
        var form = FormPosting(formAction).Match(html);
        if (!form.Success) throw new InvalidOperationException($"No form posting to {formAction} on {page}:\n{html}");
        var values = HiddenField().Matches(form.Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields) values[name] = value;
        return await Post(action, values);
    }

    /// <summary>Posts fields as a form, as they are: a forged post leaves out the antiforgery token.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> Post(string action, IDictionary<string, string> fields)
    {
        using var response = await _http.PostAsync(action, new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    public void Dispose() => _http.Dispose();

    private static Regex FormPosting(string action) =>
        new($"<form[^>]*action=\"{Regex.Escape(action)}\"[^>]*>.*?</form>", RegexOptions.Singleline);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();
}
