using JasperFx;
using Marketplace.Api.Composition;
using Marketplace.Api.Infrastructure.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMarketplace();

var app = builder.Build();
app.UseMarketplace();

// Plain start (optionally with ASP.NET flags such as --urls) serves the API; a verb runs a JasperFx command.
if (args.Length == 0 || args[0].StartsWith('-'))
{
    app.RequireNamedHosts();
    await app.RunAsync();
    return 0;
}

return await app.RunJasperFxCommands(args);

public partial class Program;
