using System.Net;
using System.Net.Sockets;

namespace Marketplace.Api.Webhooks;

/// <summary>
/// Which addresses a delivery may reach (server-side request forgery): never loopback, private, shared, link-local
/// (where cloud metadata services answer), multicast or reserved ranges, in IPv4 or IPv6, nor an IPv6 address that
/// embeds one of those (IPv4-mapped, NAT64, 6to4), unless configuration allows a range. Checked on the addresses a name
/// resolves to, at the moment of connecting, so a name that changes its answer after the check gains nothing.
/// </summary>
public sealed class AddressGuard(IEnumerable<IPNetwork> allowed)
{
    private static readonly IPNetwork[] Internal =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private readonly IPNetwork[] _allowed = [.. allowed];

    public static AddressGuard From(WebhookOptions options) => new(options.AllowedRanges.Select(IPNetwork.Parse));

    /// <summary>Null when the address may be reached, otherwise why not.</summary>
    public string? Refusal(IPAddress address)
    {
        if (_allowed.Any(range => range.Contains(address))) return null;
        var reached = Embedded(address);
        if (!reached.Equals(address) && _allowed.Any(range => range.Contains(reached))) return null;
        return Internal.Any(range => range.Contains(reached) || range.Contains(address))
            ? $"{address} is an internal address (loopback, private, link-local or reserved)"
            : null;
    }

    /// <summary>The IPv4 address an IPv6 address stands for (IPv4-mapped, IPv4-compatible, NAT64, 6to4), or itself.</summary>
    public static IPAddress Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        // 64:ff9b::/96 (NAT64) and ::/96 (IPv4-compatible, deprecated): the last four bytes.
        var nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(b => b == 0);
        var compatible = bytes[..12].All(b => b == 0) && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1);
        if (nat64 || compatible) return new IPAddress(bytes[12..16]);
        // 2002::/16 (6to4): the next four bytes.
        if (bytes[0] == 0x20 && bytes[1] == 0x02) return new IPAddress(bytes[2..6]);
        return address;
    }
}

/// <summary>Resolves an endpoint's host name; replaceable so tests can give a name an internal answer.</summary>
public interface IWebhookResolver
{
    Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken);
}

public sealed class DnsResolver : IWebhookResolver
{
    public Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A connection the guard refused; the delivery log shows its message, and nothing was sent.</summary>
public sealed class AddressRefused(string message) : Exception(message);
