using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Threads of their own at a lower scheduling priority, for background work that may wait while requests need the
/// cores: the kernel gives them what the other threads leave, so on a busy node they slow down rather than slowing the
/// requests, and on an idle one they run as fast as any. Linux keeps a nice value per thread, and raising one needs no
/// privilege; elsewhere the threads run at the normal priority. A thread is started when more work waits than threads idle, up to
/// <paramref name="threads"/>; beyond that, work waits for one.
/// </summary>
public sealed class LowPriorityThreads(string name, int threads, int nice) : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Lock _starting = new();
    private int _started, _idle;

    /// <summary>The nice value the threads run at: 0 (none) up to 19 (the lowest priority).</summary>
    public int Nice { get; } = Math.Clamp(nice, 0, 19);

    /// <summary>Runs <paramref name="work"/> on one of the threads; the caller's thread is free meanwhile.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                done.TrySetResult(work());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }, cancellationToken);
        if (Volatile.Read(ref _idle) < _work.Count) StartOne();
        return done.Task;
    }

    private void StartOne()
    {
        lock (_starting)
        {
            if (_started >= Math.Max(1, threads)) return;
            _started++;
            new Thread(Serve) { IsBackground = true, Name = threads > 1 ? $"{name} {_started}" : name }.Start();
        }
    }

    private void Serve()
    {
        Lower(Nice);
        while (true)
        {
            Interlocked.Increment(ref _idle);
            // Dispose completes the collection: the wait then ends with nothing taken, and the thread with it.
            var taken = _work.TryTake(out var work, Timeout.Infinite);
            Interlocked.Decrement(ref _idle);
            if (!taken) return;
            work!();
        }
    }

    /// <summary>The calling thread's nice value, on Linux.</summary>
    public static void Lower(int nice)
    {
        if (nice > 0 && OperatingSystem.IsLinux()) _ = setpriority(PriorityProcess, gettid(), nice);
    }

    private const int PriorityProcess = 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();

    public void Dispose() => _work.CompleteAdding();
}
