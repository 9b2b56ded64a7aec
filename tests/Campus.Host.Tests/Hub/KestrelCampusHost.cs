using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// The real host on Kestrel on a free loopback port (so an out-of-process client such as node can
/// reach it), running the demo campus on a simulated clock, with its SQLite database and demo.json
/// in a temporary folder that is deleted on dispose.
/// </summary>
public sealed class KestrelCampusHost : WebApplicationFactory<Program>
{
    /// <summary>02:00 in Shanghai: the gates are quiet, so an unknown face is an intruder.</summary>
    public const string SimulatedStart = "2026-11-23T02:00:00+08:00";

    private readonly string _directory = Directory.CreateTempSubdirectory("campus-hub-").FullName;

    private KestrelCampusHost() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>The address the host listens on, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The demo.json the host wrote: campus id and every device with its key.</summary>
    public DemoFile Demo { get; private set; } = null!;

    /// <summary>Starts the host and waits until it is listening and has written demo.json.</summary>
    public static KestrelCampusHost Start()
    {
        var host = new KestrelCampusHost();
        try
        {
            host.StartServer();
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            host.BaseAddress = new Uri(address);
            host.Demo = JsonSerializer.Deserialize<DemoFile>(File.ReadAllText(Path.Combine(host._directory, "demo.json")), JsonSerializerOptions.Web)!;
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The demo device with the given id, with its key.</summary>
    public DemoDevice Device(string id) => Demo.Devices.Single(d => d.Id == id);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Campus:Demo", "true");
        builder.UseSetting("Campus:Clock", "simulated");
        builder.UseSetting("Campus:SimulatedStart", SimulatedStart);
        builder.UseSetting("Campus:Traffic", "false");
        builder.UseSetting("Campus:Store", "sqlite");
        builder.UseSetting("Campus:ConnectionString", Path.Combine(_directory, "campus.db"));
        builder.UseSetting("Campus:DemoFile", Path.Combine(_directory, "demo.json"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDirectory();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) DeleteDirectory();
    }

    private void DeleteDirectory()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    public sealed record DemoFile(string CampusId, IReadOnlyList<DemoDevice> Devices);

    public sealed record DemoDevice(string Id, string Kind, string Location, string Key);
}
