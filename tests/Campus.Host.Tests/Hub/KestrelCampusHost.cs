using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Campus.Host.Tests.Hub;

/// <summary>
/// The real host on Kestrel on a free loopback port (so an out-of-process client such as node or a
/// browser can reach it), running the demo campus on a simulated clock, with its SQLite database and
/// demo.json in a temporary folder that is deleted on dispose. <see cref="StopAsync"/> and
/// <see cref="StartAgain"/> restart it on the same folder and port.
/// </summary>
public sealed class KestrelCampusHost : WebApplicationFactory<Program>
{
    /// <summary>02:00 in Shanghai: the gates are quiet, so an unknown face is an intruder.</summary>
    public const string SimulatedStart = "2026-11-23T02:00:00+08:00";

    private readonly string _directory;
    private readonly int _port;
    private readonly string _simulatedStart;
    private readonly bool _traffic;
    private readonly IReadOnlyList<(string Key, string Value)> _settings;
    private bool _ownsDirectory = true;
    private bool _stopped;
    private bool _keepDirectory;

    private KestrelCampusHost(string directory, int port, string simulatedStart, bool traffic, IReadOnlyList<(string Key, string Value)>? settings = null)
    {
        _directory = directory;
        _port = port;
        _simulatedStart = simulatedStart;
        _traffic = traffic;
        _settings = settings ?? [];
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    /// <summary>The address the host listens on, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The demo.json the host wrote: campus id and every device with its key.</summary>
    public DemoFile Demo { get; private set; } = null!;

    /// <summary>Starts the host and waits until it is listening and has written demo.json.</summary>
    /// <param name="simulatedStart">Where a new simulated clock starts (an ISO 8601 time with offset).</param>
    /// <param name="traffic">Play the generated school-day traffic.</param>
    /// <param name="settings">More settings (e.g. <c>Campus:Manifests:0</c>: campuses beside the demo campus).</param>
    public static KestrelCampusHost Start(string simulatedStart = SimulatedStart, bool traffic = false, IReadOnlyList<(string Key, string Value)>? settings = null) =>
        Start(new KestrelCampusHost(Directory.CreateTempSubdirectory("campus-hub-").FullName, 0, simulatedStart, traffic, settings));

    /// <summary>
    /// Stops the host and keeps its folder (database, keys, simulated clock) for <see cref="StartAgain"/>.
    /// </summary>
    public async Task StopAsync()
    {
        _stopped = true;
        _keepDirectory = true; // the factory's DisposeAsync ends in Dispose(true)
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _keepDirectory = false;
        }
    }

    /// <summary>
    /// After <see cref="StopAsync"/>: a new host on the same folder and port, which goes on from the
    /// stored state and owns the folder from now on (this one no longer deletes it).
    /// </summary>
    public KestrelCampusHost StartAgain()
    {
        if (!_stopped) throw new InvalidOperationException("Stop the host before starting it again.");
        var again = Start(new KestrelCampusHost(_directory, BaseAddress.Port, _simulatedStart, _traffic, _settings));
        _ownsDirectory = false;
        return again;
    }

    private static KestrelCampusHost Start(KestrelCampusHost host)
    {
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
            if (host._port != 0) host._ownsDirectory = false; // a restart: the stopped host still owns the folder
            host.Dispose();
            throw;
        }
    }

    /// <summary>The demo account of a role (admin, security, supervisor, teacher, guardian).</summary>
    public DemoAccount Account(string role) => Demo.Accounts.Single(a => a.Role == role);

    /// <summary>
    /// A client signed in as the demo account of <paramref name="role"/>: it keeps the session
    /// cookie and sends the anti-forgery token in X-CSRF-TOKEN, as the console does.
    /// </summary>
    public async Task<HttpClient> SignedInClientAsync(string role = "security")
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            var account = Account(role);
            using var signIn = account.Code is { } code
                ? await http.PostAsJsonAsync("/api/v1/auth/guardian", new { code })
                : await http.PostAsJsonAsync("/api/v1/auth/signin", new { userName = account.UserName, password = account.Password });
            if (signIn.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Signing in as {role}: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
            var token = await http.GetFromJsonAsync<JsonElement>("/api/v1/auth/antiforgery");
            http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
            return http;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>The demo device with the given id, with its key.</summary>
    public DemoDevice Device(string id) => Demo.Devices.Single(d => d.Id == id);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Campus:Demo", "true");
        builder.UseSetting("Campus:Clock", "simulated");
        builder.UseSetting("Campus:SimulatedStart", _simulatedStart);
        builder.UseSetting("Campus:Traffic", _traffic ? "true" : "false");
        builder.UseSetting("Campus:Store", "sqlite");
        builder.UseSetting("Campus:ConnectionString", Path.Combine(_directory, "campus.db"));
        builder.UseSetting("Campus:DemoFile", Path.Combine(_directory, "demo.json"));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // A client still connected (a browser page, a hub client) must not hold a stop for the default 30 s.
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1)));
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
        if (!_ownsDirectory || _keepDirectory) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    public sealed record DemoFile(string CampusId, IReadOnlyList<DemoDevice> Devices, IReadOnlyList<DemoAccount> Accounts, DemoSamples Samples);

    /// <summary>The demo's sample students: a boarder (the demo guardian's child) and a day student.</summary>
    public sealed record DemoSamples(DemoStudent BoardingStudent, DemoStudent DayStudent);

    public sealed record DemoStudent(string Id, string ClassId, string? DormId);

    /// <summary>A demo account: an operator's password or the guardian's access code.</summary>
    public sealed record DemoAccount(string UserName, string Role, string Scope, string? Password, string? Code);

    public sealed record DemoDevice(string Id, string Kind, string Location, string Key);
}
