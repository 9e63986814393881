using Marketplace.Domain.Submissions;
using Shouldly;

namespace Marketplace.Domain.Tests.Feedback;

public class minhash_signatures
{
    private static readonly Guid Challenge = ChallengeWork.Challenge;

    [Fact]
    public void a_text_without_words_has_no_signature_and_no_band_keys()
    {
        MinHash.BandKeys(Challenge, Similarity.Shingles(null)).ShouldBeEmpty();
        MinHash.BandKeys(Challenge, Similarity.Shingles("  -- !! ")).ShouldBeEmpty();
        MinHash.Signature([]).ShouldBeEmpty();
    }

    [Fact]
    public void a_text_has_one_key_a_band_the_same_in_every_process()
    {
        var keys = MinHash.BandKeys(Challenge, Similarity.Shingles(Submissions.Thorough));
        keys.Length.ShouldBe(MinHash.Bands);
        keys.ShouldBe(MinHash.BandKeys(Challenge, Similarity.Shingles(Submissions.Thorough)));
        // Pinned: keys are stored, so a change to the seeds or the mix must come with a rebuild of the index.
        keys[..2].ShouldBe(["bb4a391e0a98b3f4", "0eddb509b4e7458d"]);
    }

    [Fact]
    public void the_same_text_in_another_challenge_shares_no_key()
    {
        var shingles = Similarity.Shingles(Submissions.Thorough);
        MinHash.BandKeys(Challenge, shingles).Intersect(MinHash.BandKeys(Guid.Parse("5d2a8f5e-3c0b-4e0e-9a55-7f2c1f3c2a10"), shingles))
            .ShouldBeEmpty();
    }

    [Fact]
    public void rows_agree_about_as_often_as_the_texts_overlap()
    {
        var work = new ChallengeWork(21);
        var errors = Enumerable.Range(0, 300).Select(i =>
        {
            var original = work.Words(120);
            var (a, b) = (Similarity.Shingles(original), Similarity.Shingles(work.Edited(original, i % 25)));
            var (first, second) = (MinHash.Signature(a), MinHash.Signature(b));
            var agreeing = first.Zip(second).Count(rows => rows.First == rows.Second) / (double)MinHash.Size;
            return agreeing - Similarity.Jaccard(a, b);
        }).ToList();
        Math.Abs(errors.Average()).ShouldBeLessThan(0.01, "the estimate is unbiased");
        errors.Max(Math.Abs).ShouldBeLessThan(0.15, "128 rows estimate within a few standard deviations (0.045 at most)");
    }

    [Fact]
    public void texts_share_a_band_about_as_often_as_the_banding_predicts()
    {
        var work = new ChallengeWork(22);
        var pairs = Enumerable.Range(0, 400).Select(_ =>
        {
            var original = work.Words(100);
            var (a, b) = (Similarity.Shingles(original), Similarity.Shingles(work.Edited(original, 12)));
            return (Jaccard: Similarity.Jaccard(a, b), Shared: MinHash.BandKeys(Challenge, a).Intersect(MinHash.BandKeys(Challenge, b)).Any());
        }).ToList();
        var predicted = pairs.Average(p => 1 - Math.Pow(1 - Math.Pow(p.Jaccard, MinHash.Rows), MinHash.Bands));
        pairs.Average(p => p.Jaccard).ShouldBeInRange(0.3, 0.6, "pairs where banding is neither sure nor hopeless");
        pairs.Average(p => p.Shared ? 1.0 : 0.0).ShouldBe(predicted, 0.06);
    }
}
