using Marketplace.Projections.Meaning;

namespace Marketplace.Api.Meaning;

/// <summary>
/// A candidate as one vector: the mean of their reviewed, not withdrawn submissions' wholes, each weighted by the
/// square of its score (an 80 counts four times a 40), blended three to one with their profile's (headline and
/// skills). The work says what they can do; the profile adds what they want to do next. A candidate with only a
/// profile is their profile; with neither, they have no vector.
/// </summary>
public static class CandidateVector
{
    public const float WorkShare = 0.75f, ProfileShare = 0.25f;

    public static float[]? Of(string profile, IReadOnlyList<WorkMeaning> work, out byte bestScore)
    {
        bestScore = 0;
        float[]? sum = null;
        foreach (var entry in work)
        {
            if (entry.Whole.Length == 0) continue;
            var weight = entry.Score / 100f * (entry.Score / 100f);
            bestScore = (byte)Math.Clamp(Math.Max(bestScore, entry.Score), 0, 100);
            var whole = Vectors.Unpack(entry.Whole);
            sum ??= new float[whole.Length];
            for (var i = 0; i < sum.Length; i++) sum[i] += weight * whole[i];
        }
        var own = profile.Length > 0 ? Vectors.Unpack(profile) : null;
        if (sum is null || !Normalise(sum)) return own;
        if (own is null) return sum;
        for (var i = 0; i < sum.Length; i++) sum[i] = WorkShare * sum[i] + ProfileShare * own[i];
        Normalise(sum);
        return sum;
    }

    private static bool Normalise(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm == 0) return false;
        for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return true;
    }
}
