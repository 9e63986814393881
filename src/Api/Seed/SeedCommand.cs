using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Marketplace.Api.Seed;

public sealed class SeedInput : NetCoreInput
{
    [Description("Load only the skill catalogue, no demo companies or postings")]
    public bool SkillsOnlyFlag { get; set; }
}

[Description("Loads the skill catalogue and the demo data; safe to run again", Name = "seed")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public override async Task<bool> Execute(SeedInput input)
    {
        using var host = input.BuildHost();
        // The bus needs the host running; its web server needs no well-known port for that.
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        addresses.Clear();
        addresses.Add("http://127.0.0.1:0");
        await host.StartAsync();
        try
        {
            using var scope = host.Services.CreateScope();
            var demo = ActivatorUtilities.CreateInstance<DemoData>(scope.ServiceProvider);
            await demo.LoadSkills(Console.WriteLine);
            if (!input.SkillsOnlyFlag)
            {
                await demo.LoadDemo(Console.WriteLine);
                await new DemoHistory(host.Services.GetRequiredService<Marten.IDocumentStore>()).Load(Console.WriteLine, DateTimeOffset.UtcNow);
            }
            return true;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
