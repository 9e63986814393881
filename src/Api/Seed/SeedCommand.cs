using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Marketplace.Api.Seed;

public sealed class SeedInput : NetCoreInput
{
    [Description("Load only the skill catalogue, no demo companies or postings")]
    public bool SkillsOnlyFlag { get; set; }

    [Description("Load the demo data outside Development too")]
    public bool ForceFlag { get; set; }
}

[Description("Loads the skill catalogue and the demo data; safe to run again", Name = "seed")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public override async Task<bool> Execute(SeedInput input)
    {
        using var host = input.BuildHost();
        // Demo companies, candidates and six months of invented hiring history do not belong in a real database.
        var environment = host.Services.GetRequiredService<IHostEnvironment>();
        if (!input.SkillsOnlyFlag && !input.ForceFlag && !environment.IsDevelopment())
        {
            Console.Error.WriteLine($"seed loads demo companies, candidates and hiring history, which do not belong in the {environment.EnvironmentName} " +
                "environment: nothing was loaded. Use `seed --skills-only` for the skill catalogue alone, or `seed --force` if you mean it.");
            return false;
        }
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
                await ActivatorUtilities.CreateInstance<DemoAccounts>(scope.ServiceProvider).Load(DemoData.Companies(), Console.WriteLine);
            }
            return true;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
