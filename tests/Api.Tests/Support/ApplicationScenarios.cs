using System.Text.Json;

namespace Marketplace.Api.Tests.Support;

public static class ApplicationScenarios
{
    public const string ApplicationFields = "id version stage status source submittedAt coverNote candidate { handle displayName email headline } posting { id status } evidence { id } history { at kind stage by note reason }";

    public static Task<GraphQLResponse> Apply(this AppFixture app, string? token, Guid postingId, string? coverNote = "I build order services.", Guid[]? evidence = null) =>
        app.Host.GraphQL($"mutation($input: ApplyToPostingInput!) {{ applyToPosting(input: $input) {{ application {{ {ApplicationFields} }} }} }}",
            new { input = new { postingId, coverNote, evidence = evidence ?? [] } }, token);

    public static async Task<Guid> Applied(this AppFixture app, TestCandidate candidate, Guid postingId) =>
        Guid.Parse((await app.Apply(candidate.Token, postingId)).Data("applyToPosting.application.id").GetString()!);

    /// <summary>advanceApplication, rejectApplication, extendOffer, withdrawApplication, acceptOffer or declineOffer.</summary>
    public static Task<GraphQLResponse> Move(this AppFixture app, string mutation, string? token, object input)
    {
        var inputType = mutation switch
        {
            "advanceApplication" => "AdvanceApplicationInput",
            "rejectApplication" => "RejectApplicationInput",
            _ => "ApplicationIdInput",
        };
        return app.Host.GraphQL($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ application {{ {ApplicationFields} }} }} }}",
            new { input }, token);
    }

    public static async Task<JsonElement?> Application(this AppFixture app, Guid id, string? token)
    {
        var application = (await app.Host.GraphQL($"query($id: ID!) {{ application(id: $id) {{ {ApplicationFields} }} }}", new { id }, token)).Data("application");
        return application.ValueKind == JsonValueKind.Null ? null : application;
    }

    public static object Opening(int openings = 1, bool blindReview = false) => new
    {
        title = "Backend Engineer, Orders",
        role = "Backend Engineer",
        seniority = "MID",
        skills = new[] { "microservices" },
        remotePolicy = "REMOTE",
        description = "Build and run the services that take orders to delivery.",
        openings,
        blindReview,
    };
}
