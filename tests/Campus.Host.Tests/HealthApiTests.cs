using System.Net;
using System.Net.Http.Json;
using Campus.TestKit;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Campus.Host.Tests;

public sealed class HealthApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("campus-host-").FullName;

    [Fact]
    public async Task The_host_starts_on_sqlite_by_default_and_reports_alive_and_ready()
    {
        await using var factory = CreateFactory(("Campus:ConnectionString", Path.Combine(_directory, "campus.db")));
        using var client = factory.CreateClient();

        var alive = await client.GetFromJsonAsync<Health>("/healthz");
        var ready = await client.GetAsync("/readyz");

        Assert.Equal("alive", alive!.Status);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = (await ready.Content.ReadFromJsonAsync<Health>())!;
        Assert.Equal("ready", health.Status);
        Assert.Equal(0, health.InFlight);
        Assert.Equal(20_000, health.InFlightLimit);
        Assert.True(File.Exists(Path.Combine(_directory, "campus.db")));
    }

    [Fact]
    public async Task The_host_runs_on_postgres_when_configured()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var factory = CreateFactory(("Campus:Store", "postgres"), ("Campus:ConnectionString", await server.CreateDatabaseAsync("host")));
        using var client = factory.CreateClient();

        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public void A_postgres_store_without_a_connection_string_is_refused_at_start_up()
    {
        using var factory = CreateFactory(("Campus:Store", "postgres"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Campus:ConnectionString", error.ToString(), StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> CreateFactory(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // The Development settings run the demo with traffic; health needs neither.
            web.UseSetting("Campus:Demo", "false");
            web.UseSetting("Campus:Traffic", "false");
            web.UseSetting("Campus:Clock", "real");
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed record Health(string Status, long? InFlight = null, int? InFlightLimit = null);
}
