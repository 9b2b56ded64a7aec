using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Campus.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Campus.Host.Tests;

/// <summary>
/// The host on the demo campus with a simulated clock, in a temporary folder of its own (database,
/// device keys, simulated clock, demo.json), on SQLite or on a PostgreSQL database.
/// <see cref="CreateClient"/> gives a client signed in as the demo admin; <see cref="ClientAs"/> one
/// signed in as the demo account of a role; <see cref="AnonymousClient"/> one with no session.
/// </summary>
public sealed class CampusHostFactory : WebApplicationFactory<Program>
{
    /// <summary>A school day (Wednesday) at 10:00 campus time (Asia/Shanghai): school hours.</summary>
    public static readonly DateTimeOffset SchoolMorning = new(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly string _directory = Directory.CreateTempSubdirectory("campus-host-api-").FullName;
    private readonly Dictionary<string, string?> _settings;
    private JsonObject? _demo;
    private readonly ConcurrentDictionary<string, Lazy<Task<Session>>> _sessions = new(StringComparer.Ordinal);

    /// <summary>A signed-in session: the cookies (session and anti-forgery) and the anti-forgery token.</summary>
    public sealed record Session(string Cookies, string Token);

    /// <param name="postgres">A PostgreSQL connection string, or null for a SQLite file in the temporary folder.</param>
    /// <param name="start">Where the simulated clock starts (default <see cref="SchoolMorning"/>).</param>
    /// <param name="settings">More Campus:* settings, which win over the defaults here.</param>
    public CampusHostFactory(string? postgres = null, DateTimeOffset? start = null, params (string Key, string Value)[] settings)
    {
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Campus:Demo"] = "true",
            ["Campus:Clock"] = "simulated",
            ["Campus:Traffic"] = "false",
            ["Campus:SimulatedStart"] = (start ?? SchoolMorning).ToString("O"),
            ["Campus:DemoFile"] = Path.Combine(_directory, "demo.json"),
            ["Campus:Store"] = postgres is null ? "sqlite" : "postgres",
            ["Campus:ConnectionString"] = postgres ?? Path.Combine(_directory, "campus.db"),
            ["Campus:DeviceRequestsPerSecond"] = "100000",
        };
        foreach (var (key, value) in settings) _settings[key] = value;
    }

    /// <summary>The temporary folder of this host.</summary>
    public string Folder => _directory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The content root is the temporary folder, so that files the host keeps under data/ (the
        // simulated clock and device keys on PostgreSQL) belong to this host alone.
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "appsettings*.json"))
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)), overwrite: true);
        builder.UseContentRoot(_directory);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>The demo.json the host wrote at start (starts the host if needed).</summary>
    public JsonObject Demo
    {
        get
        {
            if (_demo is null)
            {
                _ = Server;
                _demo = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "demo.json")))!.AsObject();
            }
            return _demo;
        }
    }

    /// <summary>The key of a demo device.</summary>
    public string KeyOf(string deviceId) =>
        Demo["devices"]!.AsArray().Single(d => (string?)d!["id"] == deviceId)!["key"]!.GetValue<string>();

    /// <summary>The demo's sample students.</summary>
    public string BoardingStudent => Demo["samples"]!["boardingStudent"]!["id"]!.GetValue<string>();

    public string DayStudent => Demo["samples"]!["dayStudent"]!["id"]!.GetValue<string>();

    public string DayStudentClass => Demo["samples"]!["dayStudent"]!["classId"]!.GetValue<string>();

    /// <summary>The demo account of a role (admin, security, supervisor, teacher, guardian) from demo.json.</summary>
    public JsonObject Account(string role) => Demo["accounts"]!.AsArray().Single(a => (string?)a!["role"] == role)!.AsObject();

    /// <summary>A client signed in as the demo admin (sends the session cookie and the anti-forgery token).</summary>
    public new HttpClient CreateClient() => ClientAs("admin");

    /// <summary>A client with no session.</summary>
    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    /// <summary>A client signed in as the demo account of <paramref name="role"/> (signs in once per role, then reuses the session).</summary>
    public HttpClient ClientAs(string role) => ClientOf(SessionAsync(role).GetAwaiter().GetResult());

    /// <summary>A client signed in as <paramref name="userName"/> with <paramref name="password"/> (an account the test created), with its anti-forgery token.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password) =>
        ClientOf(await OpenSessionAsync("/api/v1/auth/signin", new { userName, password }));

    /// <summary>The session of the demo account of <paramref name="role"/>.</summary>
    public Task<Session> SessionAsync(string role) =>
        _sessions.GetOrAdd(role, r => new Lazy<Task<Session>>(() => SignInAsync(r))).Value;

    /// <summary>Signs in as the demo account of <paramref name="role"/>: its password, or the guardian's code.</summary>
    public Task<Session> SignInAsync(string role)
    {
        var account = Account(role);
        return account["code"] is JsonValue code
            ? OpenSessionAsync("/api/v1/auth/guardian", new { code = code.GetValue<string>() })
            : OpenSessionAsync("/api/v1/auth/signin", new { userName = (string?)account["userName"], password = (string?)account["password"] });
    }

    /// <summary>Signs in at <paramref name="path"/> and fetches the session's anti-forgery token.</summary>
    private async Task<Session> OpenSessionAsync(string path, object credentials)
    {
        using var client = AnonymousClient();
        using var signIn = await client.PostAsJsonAsync(path, credentials);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookies = CookiesOf(signIn);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/antiforgery");
        request.Headers.Add("Cookie", cookies);
        using var tokenResponse = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        return new Session(cookies + "; " + CookiesOf(tokenResponse), token);
    }

    private HttpClient ClientOf(Session session)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", session.Cookies);
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", session.Token);
        return client;
    }

    /// <summary>The name=value pairs of a response's Set-Cookie headers, as a Cookie header.</summary>
    public static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    /// <summary>A client with the key of <paramref name="deviceId"/> in X-Device-Key (or none), and no session.</summary>
    public HttpClient DeviceClient(string? deviceId)
    {
        var client = AnonymousClient();
        if (deviceId is not null) client.DefaultRequestHeaders.Add("X-Device-Key", KeyOf(deviceId));
        return client;
    }

    /// <summary>Posts a JSON text to the events API with a device's key.</summary>
    public async Task<HttpResponseMessage> PostEventsAsync(string deviceId, string json)
    {
        using var client = DeviceClient(deviceId);
        return await client.PostAsync("/api/v1/events", new StringContent(json, Encoding.UTF8, "application/json"));
    }

    /// <summary>Posts events (objects or an array) to the events API with a device's key.</summary>
    public Task<HttpResponseMessage> PostEventsAsync(string deviceId, object body) => PostEventsAsync(deviceId, JsonSerializer.Serialize(body, Web));

    /// <summary>A gate access event of a person (or of an unknown face when <paramref name="personId"/> is null).</summary>
    public static Dictionary<string, object?> Access(string deviceId, string? personId, DateTimeOffset at, string direction = "in", string? eventId = null) => new()
    {
        ["eventId"] = eventId ?? Guid.NewGuid().ToString("N"),
        ["deviceId"] = deviceId,
        ["occurredAt"] = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        ["type"] = "access",
        ["personId"] = personId,
        ["direction"] = direction,
    };

    /// <summary>The simulated time now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        using var client = CreateClient();
        var reading = await client.GetFromJsonAsync<JsonObject>("/api/v1/sim/clock");
        return reading!["now"]!.GetValue<DateTimeOffset>();
    }

    /// <summary>Moves the simulated clock and waits until the runtime is idle (a zero move is a barrier).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = by.ToString("c") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits until the runtime has applied everything so far.</summary>
    public Task SettleAsync() => AdvanceAsync(TimeSpan.Zero);

    /// <summary>The campus's alerts as JSON (query e.g. "status=all&amp;kind=intruder").</summary>
    public async Task<JsonArray> AlertsAsync(string query = "")
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/alerts?{query}"))!;
    }

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> holds, for at most 20 seconds; returns the last reading.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (deadline.IsCancellationRequested) Assert.Fail($"Timed out waiting for {what}; last reading: {value}");
        }
    }

    /// <summary>The alerts once <paramref name="done"/> holds for them (after a barrier).</summary>
    public async Task<JsonArray> AlertsWhenAsync(string query, Func<JsonArray, bool> done, string what)
    {
        await SettleAsync();
        return await EventuallyAsync(() => AlertsAsync(query), done, what);
    }

    /// <summary>The field names of a validation problem.</summary>
    public static async Task<string[]> ProblemFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        return problem!["errors"] is JsonObject errors ? [.. errors.Select(e => e.Key)] : [];
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // A stopped host's idle PostgreSQL connections would otherwise stay open for minutes.
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a closing connection; the temporary folder is cleaned by the system.
        }
    }
}

/// <summary>One PostgreSQL server for the host tests on PostgreSQL; each test takes a fresh database.</summary>
public sealed class HostPostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>The host test classes that share <see cref="HostPostgresFixture"/>.</summary>
[CollectionDefinition("host-postgres")]
public sealed class HostPostgresCollection : ICollectionFixture<HostPostgresFixture>;
