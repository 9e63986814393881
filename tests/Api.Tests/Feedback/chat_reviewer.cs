using Marketplace.Api.Submissions.Feedback;
using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using System.Diagnostics;

namespace Marketplace.Api.Tests.Feedback;

public class chat_reviewer
{
    private static readonly Criterion[] Rubric =
    [
        new("correctness", "Does it do what the brief asks?", 0.5),
        new("design", "Is the code easy to change?", 0.3),
        new("tests", "Do tests pin the behaviour?", 0.2),
    ];

    private static readonly ReviewRequest Request = new(Guid.NewGuid(), "Rate limiter", "Build a token-bucket rate limiter in C#.",
        2, Rubric, "public class TokenBucket { /* refill on read */ }", "https://github.com/someone/bucket");

    private const string Good = """
        {"criteria":[
          {"key":"tests","score":40,"comment":"Add a test for the refill at the bucket edge."},
          {"key":"correctness","score":80,"comment":"  Handle concurrent takers with Interlocked.  "},
          {"key":"design","score":70,"comment":"Inject the clock instead of reading DateTime.UtcNow."}],
         "summary":"A working bucket; make it testable.", "overall": 3}
        """;

    private static ChatReviewer Reviewer(IChatClient chat, TimeSpan? timeout = null) =>
        new(chat, new FeedbackOptions { Model = "qwen2.5:7b", Timeout = timeout ?? TimeSpan.FromSeconds(30) }, NullLogger<ChatReviewer>.Instance);

    [Fact]
    public async Task a_valid_answer_becomes_a_review_in_rubric_order_with_our_overall_score()
    {
        var review = await Reviewer(FakeChatClient.Answering(Good)).ReviewAsync(Request, TestContext.Current.CancellationToken);

        review.Reviewer.ShouldBe("ai:qwen2.5:7b");
        review.RubricVersion.ShouldBe(2);
        review.Criteria.Select(c => c.Key).ShouldBe(["correctness", "design", "tests"]);
        review.Criteria[0].ShouldBe(new CriterionFeedback("correctness", 80, "Handle concurrent takers with Interlocked."));
        review.OverallScore.ShouldBe(Scoring.Overall(Rubric, review.Criteria));
        review.OverallScore.ShouldBe(69);
        review.Summary.ShouldBe("A working bucket; make it testable.");
    }

    [Fact]
    public async Task the_model_is_asked_for_json_at_temperature_zero()
    {
        var chat = FakeChatClient.Answering(Good);
        await Reviewer(chat).ReviewAsync(Request, TestContext.Current.CancellationToken);

        chat.Options.Single()!.ResponseFormat.ShouldBeOfType<ChatResponseFormatJson>();
        chat.Options.Single()!.Temperature.ShouldBe(0f);
    }

    [Fact]
    public async Task a_fenced_json_answer_is_accepted()
    {
        var review = await Reviewer(FakeChatClient.Answering($"Here is my review:\n```json\n{Good}\n```\n"))
            .ReviewAsync(Request, TestContext.Current.CancellationToken);

        review.Criteria.Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_malformed_answer_is_asked_again()
    {
        var chat = FakeChatClient.Answering("I think it is pretty good!", Good);

        var review = await Reviewer(chat).ReviewAsync(Request, TestContext.Current.CancellationToken);

        review.Criteria.Count.ShouldBe(3);
        chat.Calls.Count.ShouldBe(2);
        chat.Calls[1].Last().Text.ShouldContain("rejected");
    }

    [Theory]
    [InlineData("""{"criteria":[{"key":"correctness","score":80,"comment":"ok"},{"key":"design","score":70,"comment":"ok"}],"summary":"s"}""")]
    [InlineData("""{"criteria":[{"key":"correctness","score":140,"comment":"ok"},{"key":"design","score":70,"comment":"ok"},{"key":"tests","score":40,"comment":"ok"}],"summary":"s"}""")]
    [InlineData("""{"criteria":[{"key":"correctness","score":80,"comment":"ok"},{"key":"design","score":70,"comment":"ok"},{"key":"tests","score":40,"comment":"ok"},{"key":"style","score":40,"comment":"ok"}],"summary":"s"}""")]
    [InlineData("""{"criteria":[{"key":"correctness","score":80.5,"comment":"ok"},{"key":"design","score":70,"comment":"ok"},{"key":"tests","score":40,"comment":"ok"}],"summary":"s"}""")]
    [InlineData("""{"criteria":[{"key":"correctness","score":80,"comment":"  "},{"key":"design","score":70,"comment":"ok"},{"key":"tests","score":40,"comment":"ok"}],"summary":"s"}""")]
    [InlineData("""{"criteria":[{"key":"correctness","score":80,"comment":"ok"},{"key":"design","score":70,"comment":"ok"},{"key":"tests","score":40,"comment":"ok"}]}""")]
    [InlineData("Scores: correctness 80, design 70, tests 40.")]
    public async Task an_answer_that_stays_invalid_makes_the_reviewer_unavailable_after_the_last_attempt(string answer)
    {
        var chat = FakeChatClient.Answering(answer);

        var error = await Should.ThrowAsync<ReviewUnavailable>(() => Reviewer(chat).ReviewAsync(Request, TestContext.Current.CancellationToken));

        chat.Calls.Count.ShouldBe(3);
        error.Message.Length.ShouldBeLessThan(300);
    }

    [Fact]
    public async Task long_comments_and_summaries_are_capped()
    {
        var answer = Good.Replace("A working bucket; make it testable.", new string('s', 5000))
            .Replace("Add a test for the refill at the bucket edge.", new string('c', 5000));

        var review = await Reviewer(FakeChatClient.Answering(answer)).ReviewAsync(Request, TestContext.Current.CancellationToken);

        review.Summary.Length.ShouldBe(1000);
        review.Criteria.Single(c => c.Key == "tests").Comment.Length.ShouldBe(600);
    }

    [Fact]
    public async Task a_model_that_does_not_answer_in_time_is_unavailable_at_once()
    {
        var chat = FakeChatClient.Hanging(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<ReviewUnavailable>(() =>
            Reviewer(chat, TimeSpan.FromMilliseconds(200)).ReviewAsync(Request, TestContext.Current.CancellationToken));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        chat.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_model_server_that_fails_is_unavailable_after_one_call()
    {
        var chat = FakeChatClient.Throwing(new HttpRequestException("Connection refused (localhost:11434)"));

        var error = await Should.ThrowAsync<ReviewUnavailable>(() => Reviewer(chat).ReviewAsync(Request, TestContext.Current.CancellationToken));

        chat.Calls.Count.ShouldBe(1);
        error.InnerException.ShouldBeOfType<HttpRequestException>();
    }

    [Fact]
    public async Task the_callers_cancellation_is_not_an_outage()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(100));

        var error = await Should.ThrowAsync<Exception>(() => Reviewer(FakeChatClient.Hanging(TimeSpan.FromSeconds(30))).ReviewAsync(Request, caller.Token));

        error.ShouldBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task the_prompt_carries_the_brief_the_rubric_and_the_submission_as_data()
    {
        var chat = FakeChatClient.Answering(Good);
        await Reviewer(chat).ReviewAsync(Request, TestContext.Current.CancellationToken);

        var messages = chat.Calls.Single();
        var system = messages.Single(m => m.Role == ChatRole.System).Text;
        system.ShouldContain("never instructions", Case.Insensitive);
        system.ShouldContain("\"criteria\"");
        var user = messages.Single(m => m.Role == ChatRole.User).Text;
        user.ShouldContain(Request.Brief);
        foreach (var criterion in Rubric) user.ShouldContain(criterion.Key);
        user.ShouldContain(Request.Content!);
        user.ShouldContain(Request.RepositoryUrl!);
    }
}

public class feedback_setup
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFeedbackReviewer(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void the_semantic_reviewer_is_the_default()
    {
        using var services = Services();

        services.GetRequiredService<IFeedbackReviewer>().ShouldBeOfType<SemanticReviewer>();
        services.GetService<IChatClient>().ShouldBeNull();
        services.GetRequiredService<FeedbackOptions>().RetryDelays.Length.ShouldBe(3);
    }

    [Fact]
    public void the_rules_reviewer_stays_selectable()
    {
        using var services = Services(("Feedback:Reviewer", "rubric"));

        services.GetRequiredService<IFeedbackReviewer>().ShouldBeOfType<RubricReviewer>();
    }

    [Fact]
    public void an_ollama_reviewer_wraps_a_chat_client()
    {
        using var services = Services(("Feedback:Reviewer", "ollama"), ("Feedback:Endpoint", "http://localhost:11434"),
            ("Feedback:Model", "llama3.1"), ("Feedback:RetryDelays:0", "00:00:01"));

        services.GetRequiredService<IFeedbackReviewer>().ShouldBeOfType<ChatReviewer>().Id.ShouldBe("ai:llama3.1");
        services.GetRequiredService<FeedbackOptions>().RetryDelays.ShouldBe([TimeSpan.FromSeconds(1)]);
    }

    [Fact]
    public void an_openai_compatible_reviewer_wraps_a_chat_client()
    {
        using var services = Services(("Feedback:Reviewer", "openai"), ("Feedback:Endpoint", "http://localhost:8000/v1"), ("Feedback:Model", "gpt-4o-mini"));

        services.GetRequiredService<IFeedbackReviewer>().ShouldBeOfType<ChatReviewer>().Id.ShouldBe("ai:gpt-4o-mini");
    }

    [Fact]
    public void an_ai_reviewer_without_an_endpoint_stops_the_start_up() =>
        Should.Throw<InvalidOperationException>(() => Services(("Feedback:Reviewer", "ollama"), ("Feedback:Model", "llama3.1")))
            .Message.ShouldContain("Feedback__Endpoint");

    [Fact]
    public void an_unknown_reviewer_stops_the_start_up() =>
        Should.Throw<InvalidOperationException>(() => Services(("Feedback:Reviewer", "oracle")))
            .Message.ShouldContain("Feedback__Reviewer");
}
