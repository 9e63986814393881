using System.Text.Json;
using Marketplace.Domain.Submissions.Feedback;
using Shouldly;
using static Marketplace.Domain.Tests.Feedback.Submissions;

namespace Marketplace.Domain.Tests.Feedback;

public class rubric_reviewer
{
    [Fact]
    public void the_same_submission_gets_the_same_review()
    {
        // Records holding lists compare the lists by reference, so compare what would be stored.
        JsonSerializer.Serialize(Review(Thorough)).ShouldBe(JsonSerializer.Serialize(Review(Thorough)));
        JsonSerializer.Serialize(Review(Thin)).ShouldBe(JsonSerializer.Serialize(Review(Thin)));
    }

    [Fact]
    public void thorough_work_scores_clearly_higher_than_thin_work()
    {
        var thorough = Review(Thorough);
        var thin = Review(Thin);

        (thorough.OverallScore - thin.OverallScore).ShouldBeGreaterThanOrEqualTo(25);
        thorough.Criteria.Zip(thin.Criteria).ShouldAllBe(pair => pair.First.Score > pair.Second.Score);
    }

    [Theory]
    [InlineData("service-boundaries", "boundaries")]
    [InlineData("resilience", "resilience")]
    [InlineData("observability", "tracing")]
    public void thin_work_is_told_which_concepts_it_misses(string key, string missing)
    {
        var comment = Review(Thin).Criteria.Single(c => c.Key == key).Comment;

        Gaps(comment).ShouldContain(missing);
    }

    [Fact]
    public void thorough_work_is_credited_for_what_it_covers()
    {
        var resilience = Review(Thorough).Criteria.Single(c => c.Key == "resilience");

        resilience.Comment.ShouldStartWith("Covers well:");
        resilience.Comment.ShouldNotContain("Not yet addressed");
    }

    [Fact]
    public void other_forms_of_a_word_count_as_covering_it()
    {
        var review = Review("The system is resilient: handlers are idempotent, calls time out, a failed call is retried, "
            + "and every service is observed through traces.");

        Gaps(review.Criteria[1].Comment).ShouldNotContain("idempotency");
        Gaps(review.Criteria[1].Comment).ShouldNotContain("retries");
        Gaps(review.Criteria[2].Comment).ShouldNotContain("observability");
        Gaps(review.Criteria[2].Comment).ShouldNotContain("tracing");
    }

    private static string Gaps(string comment)
    {
        var start = comment.IndexOf("Not yet addressed:", StringComparison.Ordinal);
        return start < 0 ? "" : comment[start..comment.IndexOf('—', start)];
    }

    [Theory]
    [InlineData(Thorough)]
    [InlineData(Thin)]
    [InlineData("")]
    [InlineData(null)]
    public void a_review_is_well_formed(string? content)
    {
        var review = Review(content);

        review.Reviewer.ShouldBe(RubricReviewer.Id);
        review.RubricVersion.ShouldBe(3);
        review.Criteria.Select(c => c.Key).ShouldBe(Rubric.Select(c => c.Key));
        review.Criteria.ShouldAllBe(c => c.Score >= 0 && c.Score <= 100);
        review.Criteria.ShouldAllBe(c => c.Comment.Length > 0 && c.Comment.Length <= 400);
        review.OverallScore.ShouldBe(Scoring.Overall(Rubric, review.Criteria));
        review.Summary.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void the_summary_names_the_strongest_and_weakest_criterion_and_the_overall_score()
    {
        var review = Review(Thin);
        var strongest = review.Criteria.MaxBy(c => c.Score)!;
        var weakest = review.Criteria.MinBy(c => c.Score)!;

        review.Summary.ShouldContain($"{review.OverallScore}/100");
        review.Summary.ShouldContain(strongest.Key);
        review.Summary.ShouldContain(weakest.Key);
    }

    [Fact]
    public void a_repository_alone_is_asked_to_describe_the_design()
    {
        var review = Review(null, Repository);

        review.OverallScore.ShouldBeLessThan(10);
        review.Criteria.ShouldAllBe(c => c.Comment.Contains("describe the design in the submission text"));
    }

    [Fact]
    public void very_short_work_is_capped_low_however_well_it_matches()
    {
        var review = Review("Service boundaries: split the domain by business capabilities, each owning its data.");

        review.Criteria[0].Score.ShouldBeLessThanOrEqualTo(30);
    }
}
