using Marketplace.Domain.Challenges;
using Marketplace.Domain.Submissions.Feedback;

namespace Marketplace.Domain.Submissions;

/// <summary>
/// What every answer to a challenge says because the brief asks it: the span of the vectors of the challenge's title,
/// brief and rubric. Independent answers to one brief are alike in meaning mostly along these directions (both explain
/// the outbox the brief asks for), so the copy check compares what is left of each passage once they are taken out:
/// what the candidate chose to say, not what the brief made everyone say.
/// </summary>
public sealed class BriefSubspace
{
    /// <summary>A direction adds nothing when less than this is left of it once the earlier ones are taken out.</summary>
    private const float Independent = 0.05f;
    private readonly float[][] _basis;

    private BriefSubspace(float[][] basis) => _basis = basis;

    /// <summary>What is encoded of a challenge: its title, its brief's passages and each criterion of its rubric.</summary>
    public static IReadOnlyList<string> Texts(ChallengeDetails details) =>
        [details.Title, .. Passages.Of(details.Brief).Select(p => p.Meaning), .. details.Rubric.Select(c => c.Description)];

    /// <summary>An orthonormal basis of the vectors' span (Gram–Schmidt).</summary>
    public static BriefSubspace Of(IEnumerable<float[]> vectors)
    {
        var basis = new List<float[]>();
        foreach (var vector in vectors)
        {
            var rest = Remove(vector, basis);
            var norm = Norm(rest);
            if (norm < Independent) continue;
            for (var i = 0; i < rest.Length; i++) rest[i] /= norm;
            basis.Add(rest);
        }
        return new BriefSubspace([.. basis]);
    }

    public static readonly BriefSubspace None = new([]);

    /// <summary>The part of a vector outside the brief's span, at unit length; all zeros when nothing is left.</summary>
    public float[] Without(float[] vector)
    {
        var rest = Remove(vector, _basis);
        var norm = Norm(rest);
        if (norm < Independent) return new float[vector.Length];
        for (var i = 0; i < rest.Length; i++) rest[i] /= norm;
        return rest;
    }

    private static float[] Remove(float[] vector, IEnumerable<float[]> basis)
    {
        var rest = (float[])vector.Clone();
        foreach (var direction in basis)
        {
            var along = Cosine.Of(rest, direction);
            for (var i = 0; i < rest.Length; i++) rest[i] -= along * direction[i];
        }
        return rest;
    }

    private static float Norm(float[] vector) => MathF.Sqrt(Cosine.Of(vector, vector));
}
