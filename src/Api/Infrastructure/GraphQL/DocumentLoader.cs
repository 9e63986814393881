using GraphQL.DataLoader;
using Marten;

namespace Marketplace.Api.Infrastructure.GraphQL;

/// <summary>
/// Collects the ids a query asks for and loads them with one <c>where id = ANY($1)</c> per batch.
/// Scoped to a request; queries run serially, so one session serves it.
/// </summary>
public sealed class DocumentLoader<T>(IQuerySession session, Func<T, Guid> idOf)
    : BatchLoader<T>(async (ids, cancellation) => await session.LoadManyAsync<T>(cancellation, ids), idOf) where T : class;

/// <summary>
/// Collects the ids a query asks for and reads them with one statement per batch, whatever reads them: a page of
/// applications asks once for all their candidates, not once per application.
/// </summary>
public class BatchLoader<T>(Func<Guid[], CancellationToken, Task<IReadOnlyList<T>>> read, Func<T, Guid> idOf)
    : BatchLoader<Guid, T>(read, idOf) where T : class;

/// <summary>The same, for things read by a key other than an id (e.g. a leaderboard position by row and score).</summary>
public class BatchLoader<TKey, T>(Func<TKey[], CancellationToken, Task<IReadOnlyList<T>>> read, Func<T, TKey> idOf)
    where TKey : notnull where T : class
{
    private readonly Dictionary<TKey, T?> _loaded = [];
    private readonly HashSet<TKey> _pending = [];

    /// <summary>Keeps a document read along with another, so loading it asks nothing of the database.</summary>
    public void Prime(TKey id, T document)
    {
        _loaded[id] = document;
        _pending.Remove(id);
    }

    public IDataLoaderResult<T?> Load(TKey id)
    {
        if (!_loaded.ContainsKey(id)) _pending.Add(id);
        return new Result(this, id);
    }

    /// <summary>Several at once, in the order asked, without those that are gone: in the same batch as the rest.</summary>
    public IDataLoaderResult<IReadOnlyList<T>> LoadMany(IEnumerable<TKey> ids) => new Many([.. ids.Select(Load)]);

    private async Task<T?> Get(TKey id, CancellationToken cancellation)
    {
        if (!_loaded.ContainsKey(id))
        {
            _pending.Add(id);
            var batch = _pending.ToArray();
            _pending.Clear();
            var documents = await read(batch, cancellation);
            foreach (var key in batch) _loaded[key] = null;
            foreach (var document in documents) _loaded[idOf(document)] = document;
        }
        return _loaded[id];
    }

    private sealed class Many(List<IDataLoaderResult<T?>> results) : IDataLoaderResult<IReadOnlyList<T>>
    {
        public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var found = new List<T>(results.Count);
            foreach (var result in results)
                if (await result.GetResultAsync(cancellationToken) is { } document) found.Add(document);
            return found;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }

    private sealed class Result(BatchLoader<TKey, T> loader, TKey id) : IDataLoaderResult<T?>
    {
        public Task<T?> GetResultAsync(CancellationToken cancellationToken = default) => loader.Get(id, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}

public static class DataLoaderResults
{
    /// <summary>Shapes a batched result once it arrives, keeping it batched.</summary>
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> shape) =>
        new Shaped<TIn, TOut>(result, shape);

    private sealed class Shaped<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> shape) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) =>
            shape(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
