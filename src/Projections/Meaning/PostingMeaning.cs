using JasperFx.Events;
using Marketplace.Domain.Postings;
using Marketplace.Domain.Submissions.Feedback;
using Marten;
using Marten.Events.Projections;

namespace Marketplace.Projections.Meaning;

/// <summary>
/// What a posting asks for, as vectors: the whole (title, role, skills and description) for search and matching, and
/// each passage of its description for the reasons a match gives. Encoded in the daemon when drafted or revised.
/// </summary>
public sealed class PostingMeaning
{
    public Guid Id { get; set; }
    public Guid CompanyId { get; set; }
    public string Whole { get; set; } = "";
    public List<PassageMeaning> Passages { get; set; } = [];
}

public sealed partial class PostingMeaningProjection : EventProjection
{
    private readonly IEmbedder _embedder;

    public PostingMeaningProjection(IEmbedder embedder)
    {
        _embedder = embedder;
        IncludeType<PostingDrafted>();
        IncludeType<PostingRevised>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        var (id, company, details) = e.Data switch
        {
            PostingDrafted d => (d.PostingId, d.CompanyId, d.Details),
            PostingRevised r => (r.PostingId, r.CompanyId, r.Details),
            _ => (Guid.Empty, Guid.Empty, null),
        };
        if (details is null) return ValueTask.CompletedTask;
        operations.Store(Encode(id, company, details, cancellation));
        return ValueTask.CompletedTask;
    }

    /// <summary>The sentence a posting is known by: what it is, for whom, with which skills.</summary>
    public static string Summary(PostingDetails details) =>
        $"{details.Title}. {details.Role}, {details.Seniority}. Skills: {string.Join(", ", details.Skills)}.";

    private PostingMeaning Encode(Guid id, Guid company, PostingDetails details, CancellationToken cancellation)
    {
        var passages = Passages.Of(details.Description);
        var vectors = _embedder.Encode([Summary(details) + " " + details.Description[..Math.Min(details.Description.Length, 1000)],
            .. passages.Select(p => p.Meaning)], cancellation);
        return new PostingMeaning
        {
            Id = id, CompanyId = company, Whole = Vectors.Pack(vectors[0]),
            Passages = [.. passages.Select((p, i) => new PassageMeaning(p.Text, Vectors.Pack(vectors[i + 1]), p.TermList))],
        };
    }
}
