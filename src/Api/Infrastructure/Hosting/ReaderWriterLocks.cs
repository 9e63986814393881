namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>The in-memory indexes' one way to hold their lock: many readers at once, a writer alone.</summary>
public static class ReaderWriterLocks
{
    public static T Reading<T>(this ReaderWriterLockSlim gate, Func<T> read)
    {
        gate.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public static void Writing(this ReaderWriterLockSlim gate, Action change)
    {
        gate.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }
}
