using System.Net.Http.Json;
using System.Text.Json;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Bench;

/// <summary>
/// The real host (src/Campus.Host, built with the bench) as its own process (<see cref="HostProcess"/>)
/// on a given store (PostgreSQL: journal and host tables in one database; SQLite: the journal file
/// given, host.db beside it), the demo campus and the simulated clock, its files in a temporary
/// folder. Per-request log lines are off (Warning) so that the console sink does not dominate; the
/// per-device rate limit is raised (the benchmark sends as a few devices).
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    /// <summary>A school day (Wednesday), 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset SimulatedStart = new(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly HostProcess _process;

    private BenchHost(HostProcess process, DemoFile demo)
    {
        _process = process;
        Demo = demo;
    }

    public Uri BaseAddress => _process.BaseAddress;

    public DemoFile Demo { get; }

    /// <param name="settings">More settings as <c>Key=Value</c> (e.g. <c>Campus:Manifests:0=...</c>: campuses beside the demo campus).</param>
    public static async Task<BenchHost> StartAsync(CampusStore store, IEnumerable<string>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("campus-bench-host-").FullName;
        var demoFile = Path.Combine(folder, "demo.json");
        var process = await HostProcess.StartAsync(HostDll(), folder,
        [
            $"Campus:Store={store.Provider}", $"Campus:ConnectionString={(store.IsSqlite ? Path.GetFullPath(store.ConnectionString) : store.ConnectionString)}",
            "Campus:Demo=true", "Campus:Clock=simulated", $"Campus:SimulatedStart={SimulatedStart:O}",
            "Campus:Traffic=false", $"Campus:DemoFile={demoFile}", "Campus:DeviceRequestsPerSecond=100000",
            "Serilog:MinimumLevel:Override:Campus.Host.Requests=Warning",
            .. settings ?? [],
        ]);
        var demo = JsonSerializer.Deserialize<DemoFile>(await File.ReadAllTextAsync(demoFile), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("demo.json is empty");
        return new BenchHost(process, demo);
    }

    /// <summary>
    /// Signs in as the demo account of <paramref name="role"/> (security unless told): the Cookie
    /// header of its session (for the hub) and its anti-forgery token (for X-CSRF-TOKEN on POSTs).
    /// </summary>
    public async Task<(string Cookie, string Token)> SignInAsync(string role = "security")
    {
        var account = Demo.Accounts.Single(a => a.Role == role);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = BaseAddress };
        var cookie = await SessionCookieAsync(BaseAddress, account);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/antiforgery");
        request.Headers.Add("Cookie", cookie);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        cookie += "; " + string.Join("; ", answer.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return (cookie, token);
    }

    /// <summary>Signs in as <paramref name="account"/> at <paramref name="baseAddress"/>: the Cookie header of its session.</summary>
    public static async Task<string> SessionCookieAsync(Uri baseAddress, DemoAccount account)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseAddress };
        using var signIn = await http.PostAsJsonAsync("/api/v1/auth/signin", new { userName = account.UserName, password = account.Password });
        signIn.EnsureSuccessStatusCode();
        return string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    /// <summary>A client signed in as the demo account of <paramref name="role"/> (session cookie and anti-forgery token on every request).</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(int connections, string role = "security")
    {
        var (cookie, token) = await SignInAsync(role);
        var client = CreateClient(connections);
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        return client;
    }

    /// <summary>A client whose connections are plain sockets, as many as asked for.</summary>
    public HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The host's build output next to the bench's (same configuration), or BENCH_HOST_DLL.</summary>
    internal static string HostDll()
    {
        if (Environment.GetEnvironmentVariable("BENCH_HOST_DLL") is { Length: > 0 } given) return given;
        // ops/bench/bin/{Configuration}/net10.0/ → src/Campus.Host/bin/{Configuration}/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "Campus.Host", "bin", configuration, framework, "Campus.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the host is not built (set BENCH_HOST_DLL)", dll);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_process.Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public sealed record DemoFile(string CampusId, List<DemoDevice> Devices, DemoSamples Samples, List<DemoAccount> Accounts);

    public sealed record DemoAccount(string UserName, string Role, string? Password, string? Code);

    public sealed record DemoDevice(string Id, string Kind, string Location, string Key);

    public sealed record DemoSamples(DemoStudent BoardingStudent, DemoStudent DayStudent);

    public sealed record DemoStudent(string Id, string ClassId, string? DormId);
}
