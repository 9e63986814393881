using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using JasperFx.Core;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Marketplace.Api.Accounts;

/// <summary>
/// Where mail goes: an SMTP server (<c>Mail__Host</c>, <c>Mail__Port</c>, optionally <c>Mail__UserName</c> and
/// <c>Mail__Password</c>, <c>Mail__From</c>). In Development the default is the local catcher that <c>./run</c> starts
/// (localhost:2525, its inbox on http://localhost:5081).
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 2525;
    public string From { get; set; } = "Marketplace <no-reply@marketplace.localhost>";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>A message to one person, sent in the background through the durable <c>mail</c> queue, with retries.</summary>
public sealed record SendMail(string To, string Subject, string Text);

public static class SendMailHandler
{
    /// <summary>A mail server that is down is tried again for about an hour; then the mail is a dead letter an admin can replay.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(1.Seconds(), 5.Seconds(), 30.Seconds())
            .Then.ScheduleRetry(5.Minutes(), 15.Minutes(), 30.Minutes())
            .Then.MoveToErrorQueue();

    public static async Task Handle(SendMail mail, MailOptions options, CancellationToken cancellation)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Text };

        using var smtp = new SmtpClient { Timeout = 15_000 };
        await smtp.ConnectAsync(options.Host, options.Port, SecureSocketOptions.StartTlsWhenAvailable, cancellation);
        if (!string.IsNullOrEmpty(options.UserName)) await smtp.AuthenticateAsync(options.UserName, options.Password ?? "", cancellation);
        await smtp.SendAsync(message, cancellation);
        await smtp.DisconnectAsync(true, cancellation);
    }
}
