using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Domain.Tests.Feedback;

/// <summary>
/// The copy check compares a submission only with the work that shares a MinHash band with it. It must flag exactly
/// what comparing every submission of the challenge flagged (<see cref="ComparedWork.NearCopyOf"/> given them all, the
/// reference), the same earlier work at the same score.
/// </summary>
public class copy_check_through_the_band_index
{
    private const double Threshold = 0.8;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void a_mixed_challenge_is_flagged_as_comparing_every_pair_flags_it(int seed) =>
        FlaggedAsByEveryPair(new ChallengeWork(seed).Random(150).NearTheThreshold(30).FromOneTemplate(30).ReorderedSections(15)
            .Tiny(30).Duplicates(4).Signed(), atLeast: 30);

    [Fact]
    public void pairs_on_either_side_of_the_threshold_are_decided_alike()
    {
        var challenge = new ChallengeWork(11).NearTheThreshold(150).Signed();
        var scores = Pairs(challenge).Select(p => Similarity.Jaccard(p.First.Work.Shingles, p.Second.Work.Shingles)).ToList();
        scores.Count(s => s is >= 0.78 and < Threshold).ShouldBeGreaterThanOrEqualTo(25, "pairs just under the threshold");
        scores.Count(s => s is >= Threshold and <= 0.85).ShouldBeGreaterThanOrEqualTo(50, "pairs just over it");
        FlaggedAsByEveryPair(challenge, atLeast: 60);
    }

    [Fact]
    public void many_edits_of_one_template_are_decided_alike() =>
        FlaggedAsByEveryPair(new ChallengeWork(12).FromOneTemplate(150).Signed(), atLeast: 20);

    [Fact]
    public void moved_sections_are_decided_alike() =>
        FlaggedAsByEveryPair(new ChallengeWork(13).ReorderedSections(60).Signed(), atLeast: 40);

    [Fact]
    public void texts_under_five_words_are_decided_alike() =>
        FlaggedAsByEveryPair(new ChallengeWork(14).Tiny(120).Signed(), atLeast: 50);

    [Fact]
    public void duplicates_at_the_same_instant_are_decided_alike() =>
        FlaggedAsByEveryPair(new ChallengeWork(15).Duplicates(8).Duplicates(8).Random(20).Signed(), atLeast: 15);

    [Fact]
    public void the_answer_does_not_depend_on_the_order_of_the_work()
    {
        var challenge = new ChallengeWork(16).Duplicates(6).Tiny(40).NearTheThreshold(20).Signed().Select(s => s.Work).ToList();
        var shuffled = challenge.OrderBy(w => w.Id).ToList();
        var reversed = Enumerable.Reverse(challenge).ToList();
        foreach (var work in challenge)
        {
            work.NearCopyOf(shuffled, Threshold).ShouldBe(work.NearCopyOf(challenge, Threshold));
            work.NearCopyOf(reversed, Threshold).ShouldBe(work.NearCopyOf(challenge, Threshold));
        }
    }

    [Fact]
    public void a_copy_of_several_equal_originals_names_the_earliest()
    {
        var text = new ChallengeWork(17).Words(40);
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        ComparedWork Work(string id, int minutes) =>
            new(Guid.Parse(id), Guid.NewGuid(), at.AddMinutes(minutes), Similarity.Shingles(text));
        var later = Work("00000000-0000-0000-0000-00000000000a", 1);
        var tiedHigh = Work("00000000-0000-0000-0000-00000000000c", 0);
        var tiedLow = Work("00000000-0000-0000-0000-00000000000b", 0);
        var copy = Work("00000000-0000-0000-0000-000000000001", 2);

        copy.NearCopyOf([later, tiedHigh, copy, tiedLow], Threshold).ShouldBe((tiedLow.Id, 1.0));
    }

    [Fact]
    public void unrelated_work_is_compared_with_a_small_part_of_its_challenge()
    {
        var challenge = new ChallengeWork(18).Random(400).Signed();
        var compared = challenge.Average(work => SharingABand(work, challenge).Count() - 1);
        compared.ShouldBeLessThan(1.0, "unrelated texts share no band: the check reads about none of them");
    }

    /// <summary>What the check reads through the index: the work that shares a band key with this one, itself included.</summary>
    private static IEnumerable<ComparedWork> SharingABand(SignedWork work, IReadOnlyList<SignedWork> challenge) =>
        challenge.Where(other => other.Bands.Intersect(work.Bands).Any()).Select(other => other.Work);

    private static IEnumerable<(SignedWork First, SignedWork Second)> Pairs(IReadOnlyList<SignedWork> challenge) =>
        challenge.SelectMany((first, i) => challenge.Skip(i + 1).Select(second => (first, second)));

    private static void FlaggedAsByEveryPair(IReadOnlyList<SignedWork> challenge, int atLeast)
    {
        var everyPair = challenge.Select(s => s.Work).ToList();
        var flagged = 0;
        foreach (var work in challenge)
        {
            var expected = work.Work.NearCopyOf(everyPair, Threshold);
            work.Work.NearCopyOf(SharingABand(work, challenge), Threshold).ShouldBe(expected, $"submission {work.Work.Id}");
            if (expected is not null) flagged++;
        }
        flagged.ShouldBeGreaterThanOrEqualTo(atLeast, "the challenge holds copies to find, or it tests nothing");
    }
}
