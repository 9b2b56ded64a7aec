using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Campus.Host.Tests;

/// <summary>What the browser is told: the console's security headers, and a Secure session cookie behind a TLS-terminating proxy.</summary>
public sealed class BrowserProtectionTests
{
    [Fact]
    public async Task Issue13_the_console_is_served_with_a_content_security_policy_that_forbids_framing()
    {
        await using var host = new CampusHostFactory();
        using var client = host.AnonymousClient();

        foreach (var path in new[] { "/", "/app.js", "/api/v1/auth/me" })
        {
            using var response = await client.GetAsync(path);

            var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        }
    }

    [Fact]
    public async Task Issue13_behind_a_tls_proxy_on_the_same_machine_the_session_cookie_is_secure()
    {
        await using var host = new CampusHostFactory();
        await using var proxied = From(host, IPAddress.Loopback);

        var cookie = await SignInCookieAsync(proxied, host, forwardedProto: "https");

        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Issue13_a_configured_proxy_network_is_believed()
    {
        await using var host = new CampusHostFactory(settings: ("Campus:Proxy:KnownProxies:0", "10.20.0.0/16"));
        await using var proxied = From(host, IPAddress.Parse("10.20.1.5"));

        var cookie = await SignInCookieAsync(proxied, host, forwardedProto: "https");

        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        await using var host = new CampusHostFactory();
        await using var direct = From(host, IPAddress.Parse("203.0.113.9"));

        var cookie = await SignInCookieAsync(direct, host, forwardedProto: "https");

        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_known_proxy_that_is_not_an_address_stops_the_host_at_start()
    {
        await using var host = new CampusHostFactory(settings: ("Campus:Proxy:KnownProxies:0", "proxy.example"));

        var error = Record.Exception(() => host.AnonymousClient());

        Assert.NotNull(error);
        Assert.Contains("Campus:Proxy:KnownProxies", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The host as seen from <paramref name="remote"/>: every request arrives from that address (TestServer gives none).</summary>
    private static WebApplicationFactory<Program> From(CampusHostFactory host, IPAddress remote) =>
        host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddress(remote))));

    /// <summary>Signs in as the demo admin through <paramref name="factory"/>; returns the session cookie's Set-Cookie header.</summary>
    private static async Task<string> SignInCookieAsync(WebApplicationFactory<Program> factory, CampusHostFactory host, string forwardedProto)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var admin = JsonNode.Parse(File.ReadAllText(Path.Combine(host.Folder, "demo.json")))!["accounts"]!.AsArray().Single(a => (string?)a!["role"] == "admin")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/signin")
        {
            Content = JsonContent.Create(new { userName = (string?)admin["userName"], password = (string?)admin["password"] }),
        };
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("campus.session=", StringComparison.Ordinal));
    }

    private sealed class RemoteAddress(IPAddress remote) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = remote;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
