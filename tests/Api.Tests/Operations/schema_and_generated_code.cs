using GraphQL.Types;
using Marketplace.Api.Composition;
using Marketplace.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.Api.Tests.Operations;

public class schema_and_generated_code(AppFixture app)
{
    [Fact]
    public void the_exported_sdl_equals_the_running_schema()
    {
        var committed = File.ReadAllText(Path.Combine(ApiProcess.RepositoryRoot, "docs", "schema.graphql")).Replace("\r\n", "\n");
        var running = ExportSchemaCommand.Sdl(app.Host.Services.GetRequiredService<ISchema>());
        running.ShouldBe(committed,
            "docs/schema.graphql has drifted: run `dotnet run --project src/Api -- export-schema docs/schema.graphql`");
    }

    [Fact]
    public void the_schema_keeps_the_names_of_the_contract_sketch()
    {
        var schema = app.Host.Services.GetRequiredService<ISchema>();
        var sdl = ExportSchemaCommand.Sdl(schema);
        foreach (var expected in new[]
                 {
                     "skill(slug: String!): Skill", "posting(id: ID!): Posting", "type PostingConnection",
                     "registerCompany(input: RegisterCompanyInput!): CompanyPayload!", "draftPosting(input: DraftPostingInput!): PostingPayload!",
                     "revisePosting(input: RevisePostingInput!): PostingPayload!", "publishPosting(input: PublishPostingInput!): PostingPayload!",
                     "closePosting(input: ClosePostingInput!): PostingPayload!", "reopenPosting(input: ReopenPostingInput!): PostingPayload!",
                 })
            sdl.ShouldContain(expected);
    }

    [Fact]
    public async Task the_committed_generated_code_is_current()
    {
        var scratch = Directory.CreateTempSubdirectory("marketplace-codegen-");
        try
        {
            var (exitCode, output) = await ApiProcess.RunVerb("Development", scratch.FullName, "codegen", "write");
            exitCode.ShouldBe(0, output);

            var fresh = Files(Path.Combine(scratch.FullName, "Internal", "Generated"));
            var committed = Files(Path.Combine(ApiProcess.RepositoryRoot, "src", "Api", "Internal", "Generated"));
            const string advice = "generated code is stale: run scripts/codegen and commit it";
            committed.Keys.Order().ShouldBe(fresh.Keys.Order(), advice);
            foreach (var (path, code) in fresh) committed[path].ShouldBe(code, $"{path}: {advice}");
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => File.ReadAllText(f).Replace("\r\n", "\n"));
}
