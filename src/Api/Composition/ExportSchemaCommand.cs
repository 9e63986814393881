using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using JasperFx.CommandLine;

namespace Marketplace.Api.Composition;

public sealed class ExportSchemaInput : NetCoreInput
{
    [Description("Where to write the SDL; standard output when omitted")]
    public string? Path { get; set; }
}

[Description("Writes the GraphQL schema as SDL (docs/schema.graphql is kept equal to it)", Name = "export-schema")]
public sealed class ExportSchemaCommand : JasperFxCommand<ExportSchemaInput>
{
    public override bool Execute(ExportSchemaInput input)
    {
        using var host = input.BuildHost();
        var sdl = Sdl(host.Services.GetRequiredService<ISchema>());
        if (input.Path is null) Console.Write(sdl);
        else File.WriteAllText(input.Path, sdl);
        return true;
    }

    public static string Sdl(ISchema schema) =>
        "# Generated from the running schema by `dotnet run --project src/Api -- export-schema docs/schema.graphql`.\n" +
        "# Do not edit: a test fails when this file and the server disagree.\n\n" +
        schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).Replace("\r\n", "\n").TrimEnd() + "\n";
}
