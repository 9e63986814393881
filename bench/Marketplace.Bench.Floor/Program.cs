using JasperFx;
using JasperFx.CodeGeneration;
using Marketplace.Bench.Floor;
using Marten;
using Wolverine;
using Wolverine.Marten;

// The floor under the product's commands: the stack the founders fixed (Kestrel, GraphQL.NET, Wolverine, Marten), with
// nothing of the product in between. The bench measures one rung per endpoint (bench/README.md).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("Marketplace")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Marketplace.");

builder.Services.CritterStackDefaults(x =>
{
    // As in the API (ADR 0006): the handler code is generated ahead of time and committed.
    x.Development.GeneratedCodeMode = TypeLoadMode.Static;
    x.Production.GeneratedCodeMode = TypeLoadMode.Static;
    x.GeneratedCodeOutputPath = "Internal/Generated";
});
builder.Services.AddMarten(opts =>
    {
        opts.Connection(Marketplace.Api.Infrastructure.Hosting.ConnectionSettings.Tuned(connectionString));
        opts.DatabaseSchemaName = "bench_floor";
        opts.AutoCreateSchemaObjects = AutoCreate.All;
        opts.Events.AddEventType<Appended>();
    })
    .ApplyAllDatabaseChangesOnStartup()
    .IntegrateWithWolverine()
    .UseLightweightSessions();
builder.Host.UseWolverine(opts =>
{
    opts.ApplicationAssembly = typeof(Appended).Assembly;
    opts.Policies.AutoApplyTransactions();
    opts.Durability.Mode = DurabilityMode.Balanced;
    opts.Policies.UseDurableLocalQueues();
});
builder.Services.AddFloorGraphQL();

var app = builder.Build();
app.MapGet("/ready", () => Results.Ok());
app.MapPost("/marten", Rungs.MartenOverHttp);
app.MapPost("/graphql", (HttpContext http, FloorEndpoint endpoint) => endpoint.HandleAsync(http));

if (args.Length == 0 || args[0].StartsWith('-'))
{
    await app.RunAsync();
    return 0;
}
return await app.RunJasperFxCommands(args);
