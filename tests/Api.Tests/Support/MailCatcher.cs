using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.Api.Tests.Support;

/// <summary>
/// A real SMTP server in the test process: the API sends its mail here over SMTP (MailKit), exactly as it would to a
/// mail provider, and tests read what arrived by recipient.
/// </summary>
public sealed class MailCatcher : MessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public int Port { get; }

    public MailCatcher()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("mail.test").Port(Port).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        await using var stream = new MemoryStream(buffer.ToArray());
        _received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
        return SmtpResponse.Ok;
    }

    /// <summary>Every message to this address so far.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. _received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits for the first message to this address whose subject contains the text.</summary>
    public async Task<MimeMessage> Next(string address, string subject, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            if (To(address).FirstOrDefault(m => m.Subject?.Contains(subject) == true) is { } found) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No mail to {address} about '{subject}' arrived; got: {string.Join(", ", To(address).Select(m => m.Subject))}");
    }

    /// <summary>The first link in a message's text that points at this path, as a path and query.</summary>
    public static string LinkTo(MimeMessage message, string path)
    {
        var text = message.TextBody ?? "";
        var start = text.IndexOf(path, StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"No link to {path} in: {text}");
        var end = text.IndexOfAny([' ', '\n', '\r'], start);
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
    }
}
