using Marten;

namespace Marketplace.Api.Infrastructure.Hosting;

public static class DuplicatedColumns
{
    /// <summary>
    /// Copies members of a document into columns of their own for SQL to read, without the index of its own that Marten's
    /// <c>Duplicate</c> gives each column: the indexes declared beside them cover what is read. A policy, because policies
    /// reach a mapping before the indexes declared on it, which then name these columns rather than the JSON.
    /// </summary>
    public static void Columns<T>(this StoreOptions opts, params string[] members) => Columns<T>(opts, true, members);

    /// <summary>The same for members that may be null.</summary>
    public static void NullableColumns<T>(this StoreOptions opts, params string[] members) => Columns<T>(opts, false, members);

    private static void Columns<T>(StoreOptions opts, bool notNull, string[] members) =>
        opts.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(T)) return;
            foreach (var member in members) mapping.DuplicateField(member, notNull: notNull);
        });
}
