using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Marketplace.Api.Infrastructure.Hosting;

/// <summary>
/// Threads of their own at a lower scheduling priority, for background work that may wait while requests need the
/// cores: the kernel gives them what the other threads leave, so on a busy node they slow down rather than slowing the
/// requests, and on an idle one they run as fast as any. Linux keeps a nice value per thread, and raising one needs no
/// privilege; elsewhere the threads run at the normal priority. The threads start on first use.
/// </summary>
public sealed class LowPriorityThreads(string name, int threads, int nice) : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Lock _starting = new();
    private bool _started;

    /// <summary>The nice value the threads run at: 0 (none) up to 19 (the lowest priority).</summary>
    public int Nice { get; } = Math.Clamp(nice, 0, 19);

    /// <summary>Runs <paramref name="work"/> on one of the threads; the caller's thread is free meanwhile.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        Start();
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
        return done.Task;
    }

    private void Start()
    {
        if (Volatile.Read(ref _started)) return;
        lock (_starting)
        {
            if (_started) return;
            for (var i = 0; i < Math.Max(1, threads); i++)
                new Thread(() =>
                {
                    Lower(Nice);
                    foreach (var work in _work.GetConsumingEnumerable()) work();
                })
                { IsBackground = true, Name = threads > 1 ? $"{name} {i + 1}" : name }.Start();
            Volatile.Write(ref _started, true);
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
