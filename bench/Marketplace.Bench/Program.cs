using System.Runtime.InteropServices;
using Marketplace.Bench;

// The webhook round's receivers, run apart by the bench itself (WebhookReceivers.StartApart).
if (args is [WebhookReceivers.Apart, .. var ports]) return await WebhookReceivers.ServeApart([.. ports.Select(int.Parse)]);

if (BenchOptions.Parse(args) is not { } options)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();

// Ctrl-C or SIGTERM: the API servers go at once, then the run unwinds, drops its databases and prints what it has.
void Interrupt()
{
    ChildProcesses.KillAll();
    cancellation.Cancel();
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Interrupt();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    Interrupt();
});

try
{
    return await BenchRun.Execute(options, cancellation.Token);
}
catch (BenchFailure e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
