using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Campus.Host.Proxy;

/// <summary>
/// Runs the host behind a TLS-terminating reverse proxy: from a known proxy (<see cref="ProxyOptions"/>)
/// the request's scheme is taken from <c>X-Forwarded-Proto</c> and the client's address from
/// <c>X-Forwarded-For</c>, so the session and anti-forgery cookies are <c>Secure</c> on HTTPS and the
/// per-address limits (sign-in, keyless device requests) see the client, not the proxy.
/// </summary>
public static class ReverseProxy
{
    /// <summary>Registers the proxy settings (validated at start) and the forwarded-headers options built from them.</summary>
    public static WebApplicationBuilder AddCampusReverseProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>()
            .Bind(builder.Configuration.GetSection(ProxyOptions.Section))
            .Validate(o => !o.Invalid().Any(), "Campus:Proxy:KnownProxies holds an entry that is neither an IP address nor a network in CIDR notation (10.0.0.0/24).")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Each hop is believed only while the address it came from is a known proxy, so a chain
            // of known proxies is walked back to the client and a forged entry in front stops there.
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in proxy.Value.Networks()) forwarded.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>Applies the forwarded headers of known proxies; first in the pipeline, so everything after sees the client's scheme and address.</summary>
    public static WebApplication UseCampusReverseProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
