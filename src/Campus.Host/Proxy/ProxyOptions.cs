using System.Net;

namespace Campus.Host.Proxy;

/// <summary>The reverse proxy in front of the host (TLS termination): the <c>Campus:Proxy</c> section (see docs/operations.md).</summary>
public sealed class ProxyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Campus:Proxy";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks in CIDR notation (<c>10.0.0.0/24</c>) of the reverse
    /// proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the host believes, besides
    /// the loopback addresses (a proxy on the same machine), which it always believes. A request from
    /// any other address is taken as it arrives.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>The entries of <see cref="KnownProxies"/> that are neither an address nor a network.</summary>
    public IEnumerable<string> Invalid() => KnownProxies.Where(p => Network(p) is null);

    /// <summary>The networks to believe: loopback and every known proxy (an address is a network of one).</summary>
    public IEnumerable<IPNetwork> Networks() =>
        [new IPNetwork(IPAddress.Loopback, 8), new IPNetwork(IPAddress.IPv6Loopback, 128), .. KnownProxies.Select(Network).OfType<IPNetwork>()];

    private static IPNetwork? Network(string text)
    {
        var trimmed = text.Trim();
        if (IPNetwork.TryParse(trimmed, out var network)) return network;
        if (IPAddress.TryParse(trimmed, out var address)) return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        return null;
    }
}
