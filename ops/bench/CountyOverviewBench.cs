using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Microsoft.Playwright;
using Cookie = Microsoft.Playwright.Cookie;

namespace Campus.Bench;

/// <summary>
/// The county overview at county scale (issue 15). The real host as its own process on SQLite, the
/// simulated clock at a school day's 10:00, with the demo campus and the county generator's 120
/// campuses (<c>ops/county</c>, 37,051 students). Seeded through the events API with keys the admin
/// issues: BENCH_COUNTY_PRESENT percent (100) of each campus's students scan in at its first gate, an
/// SOS at every tenth campus with a panic button (critical) and an intrusion alarm at every seventh
/// (high). Then a county account of the 120 campuses signs in.
/// <list type="bullet">
/// <item>(a) <c>GET /api/v1/county/overview</c> (120 tiles), BENCH_COUNTY_RUNS (50) times after 5
/// warm-ups, median and p95. Baseline, same run and session: <c>GET /api/v1/campuses/c001/alerts</c>,
/// one campus's open alerts, as often.</item>
/// <item>(b) The county wall's first paint in Chromium (Playwright driving Debian's
/// <c>/usr/bin/chromium</c>, or CAMPUS_TEST_CHROMIUM): from navigation to all 120 tiles in the page and
/// the frame after the one that drew them, in BENCH_COUNTY_PAINTS (10) fresh browser contexts (no cache).
/// Baseline, same run and session: one campus's wall display, from navigation until its hub
/// connection is up (what the console tests wait for before calling a wall open). Target: under 2 s.</item>
/// </list>
/// </summary>
public static class CountyOverviewBench
{
    private static readonly int Runs = Bench.Env("BENCH_COUNTY_RUNS", 50);
    private static readonly int Paints = Bench.Env("BENCH_COUNTY_PAINTS", 10);
    private static readonly int Present = Bench.Env("BENCH_COUNTY_PRESENT", 100);
    private const string Password = "County bench 2026";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(Report report)
    {
        var folder = Directory.CreateTempSubdirectory("campus-bench-county-").FullName;
        try
        {
            var manifests = await GenerateAsync(Path.Combine(folder, "county"));
            var campuses = manifests.Select(path => ManifestLoader.LoadFiles(path).Manifest ?? throw new InvalidOperationException($"{path} does not load")).ToList();
            Bench.Log($"county: {campuses.Count} campuses, {campuses.Sum(c => c.Students.Length):N0} students; starting the host");
            var started = Bench.Now();
            await using var host = await BenchHost.StartAsync(new CampusStore("sqlite", Path.Combine(folder, "campus.db")),
                [.. manifests.Select((path, i) => $"Campus:Manifests:{i}={path}")]);
            Bench.Log($"host started in {Bench.SecondsSince(started):F1} s");

            using var admin = await host.CreateSignedInClientAsync(4, "admin");
            await SeedAsync(host, admin, campuses);
            using (var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bench-county", role = "county", password = Password, campuses = campuses.Select(c => c.CampusId) }))
                created.EnsureSuccessStatusCode();
            var cookie = await BenchHost.SessionCookieAsync(host.BaseAddress, new BenchHost.DemoAccount("bench-county", "county", Password, null));
            using var county = host.CreateClient(1);
            county.DefaultRequestHeaders.Add("Cookie", cookie);

            var overview = await TimeAsync(county, "/api/v1/county/overview", expectTiles: campuses.Count);
            var baseline = await TimeAsync(county, $"/api/v1/campuses/{campuses[0].CampusId}/alerts", expectTiles: null);
            report.Row($"`county-overview`: GET /county/overview, {campuses.Count} campuses, median of {Runs}", overview.Median, "ms", $"GET /campuses/{campuses[0].CampusId}/alerts (one campus), median", baseline.Median);
            report.Row($"`county-overview`: the same, p95", overview.P95, "ms", "one campus's alerts, p95", baseline.P95);

            var (paint, wall) = await PaintAsync(host, cookie, campuses.Count, campuses[0].CampusId);
            report.Row($"`county-overview`: county wall in Chromium, navigation to {campuses.Count} tiles drawn, median of {Paints}", paint.Median, "ms",
                "one campus's wall, navigation to its hub connected, median", wall.Median);
            report.Row("`county-overview`: the same, p95 (target: under 2,000 ms)", paint.P95, "ms", "one campus's wall, p95", wall.P95);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record Timing(double Median, double P95);

    /// <summary>The county generator (<c>ops/county</c>, built with the bench) writes the 120 campuses; returns their manifests' paths in order.</summary>
    private static async Task<List<string>> GenerateAsync(string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { CountyDll(), "generate", "--out", folder }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the county generator failed ({process.ExitCode}):\n{await output}\n{await errors}");
        Bench.Log($"{(await output).Split('\n')[0]}");
        return [.. Directory.GetFiles(folder, "campus.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
    }

    /// <summary>The county tool's build output next to the bench's (same configuration), or BENCH_COUNTY_DLL.</summary>
    private static string CountyDll()
    {
        if (Environment.GetEnvironmentVariable("BENCH_COUNTY_DLL") is { Length: > 0 } given) return given;
        var host = BenchHost.HostDll(); // src/Campus.Host/bin/{Configuration}/{framework}/Campus.Host.dll
        var output = new DirectoryInfo(Path.GetDirectoryName(host)!);
        var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "ops", "county", "bin", output.Parent.Name, output.Name, "Campus.County.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the county tool is not built (set BENCH_COUNTY_DLL)", dll);
    }

    /// <summary>Scans, SOS and intrusion alarms through the events API (keys issued by the admin), then a barrier: all of it is in the read model.</summary>
    private static async Task SeedAsync(BenchHost host, HttpClient admin, List<CampusManifest> campuses)
    {
        var now = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/sim/clock")).GetProperty("now").GetDateTimeOffset();
        var started = Bench.Now();
        var events = 0;
        using var devices = host.CreateClient(4);
        var work = campuses.Select((campus, index) => (campus, index)).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            var (campus, index) = item;
            var gate = campus.Devices.First(d => d.Kind == DeviceKind.GateReader);
            var gateKey = await KeyAsync(admin, campus.CampusId, gate.Id);
            var present = campus.Students.Take(campus.Students.Length * Present / 100).ToList();
            foreach (var chunk in present.Chunk(1000))
            {
                await PostAsync(devices, gateKey, chunk.Select(s => (object)new
                {
                    eventId = $"bench-county-{campus.CampusId}-{s.Id}", deviceId = gate.Id, occurredAt = now, type = "access", personId = s.Id, direction = "in",
                }).ToArray());
                Interlocked.Add(ref events, chunk.Length);
            }
            if (index % 10 == 0 && campus.Devices.FirstOrDefault(d => d.Kind == DeviceKind.PanicButton) is { } panic)
            {
                await PostAsync(devices, await KeyAsync(admin, campus.CampusId, panic.Id),
                    [new { eventId = $"bench-county-sos-{campus.CampusId}", deviceId = panic.Id, occurredAt = now, type = "alarm", alarm = "sos" }]);
                Interlocked.Increment(ref events);
            }
            if (index % 7 == 0)
            {
                await PostAsync(devices, gateKey, [new { eventId = $"bench-county-intrusion-{campus.CampusId}", deviceId = gate.Id, occurredAt = now, type = "alarm", alarm = "intrusion" }]);
                Interlocked.Increment(ref events);
            }
        });
        Bench.Log($"seeded {events:N0} events in {Bench.SecondsSince(started):F1} s; waiting for the read model");
        while (true)
        {
            using var barrier = await admin.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:00:00" });
            if (barrier.IsSuccessStatusCode) break;
            Bench.Log($"barrier: {(int)barrier.StatusCode}, again");
        }
        Bench.Log($"seeded and applied in {Bench.SecondsSince(started):F1} s");
    }

    private static async Task<string> KeyAsync(HttpClient admin, string campusId, string deviceId)
    {
        using var issued = await admin.PostAsync($"/api/v1/campuses/{campusId}/devices/{deviceId}/keys", null);
        issued.EnsureSuccessStatusCode();
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Posts events with a device key; 429 and 503 are sent again after Retry-After.</summary>
    private static async Task PostAsync(HttpClient http, string key, object[] events)
    {
        var body = JsonSerializer.Serialize(events, Web);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Device-Key", key);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted) return;
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
                throw new InvalidOperationException($"events: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Sequential GETs of <paramref name="path"/>: 5 warm-ups, then <see cref="Runs"/> timed ones (milliseconds).</summary>
    private static async Task<Timing> TimeAsync(HttpClient http, string path, int? expectTiles)
    {
        var times = new List<double>();
        long bytes = 0;
        for (var i = -5; i < Runs; i++)
        {
            var start = Bench.Now();
            using var response = await http.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Bench.SecondsSince(start) * 1000;
            response.EnsureSuccessStatusCode();
            if (expectTiles is { } n && i == -5)
            {
                using var tiles = JsonDocument.Parse(body);
                if (tiles.RootElement.GetArrayLength() != n) throw new InvalidOperationException($"{path}: {tiles.RootElement.GetArrayLength()} tiles, expected {n}");
                Bench.Log($"{path}: first tile {tiles.RootElement[0].GetProperty("campusId").GetString()} ({tiles.RootElement[0].GetProperty("alerts")})");
            }
            bytes = body.Length;
            if (i >= 0) times.Add(elapsed);
        }
        var timing = new Timing(Bench.Median(times), Bench.Percentile(times, 0.95));
        Bench.Log($"{path}: median {timing.Median:F1} ms, p95 {timing.P95:F1} ms, {bytes:N0} bytes");
        return timing;
    }

    /// <summary>
    /// Records in the page, from navigation (<c>performance.now()</c>'s origin), when <c>done()</c>
    /// first holds and the frame after the one that drew it.
    /// </summary>
    private static string Probe(string done) => $$"""
        (() => {
          const done = {{done}};
          let fired = false;
          const check = () => {
            if (fired || !done()) return;
            fired = true;
            window.__benchFound = performance.now();
            requestAnimationFrame(() => requestAnimationFrame(() => { window.__benchPainted = performance.now(); }));
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
        })();
        """;

    private static async Task<(Timing County, Timing Wall)> PaintAsync(BenchHost host, string cookie, int tiles, string campusId)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium(), Headless = true, Args = ["--no-sandbox"] });
        var cookies = cookie.Split("; ").Select(c => c.Split('=', 2)).Select(c => new Cookie { Name = c[0], Value = c[1], Url = host.BaseAddress.ToString() }).ToList();
        var county = new List<double>();
        var wall = new List<double>();
        for (var i = -1; i < Paints; i++) // the first round warms the host and the browser up
        {
            var c = await OpenAsync(browser, cookies, new Uri(host.BaseAddress, "/#/county?lang=en").ToString(),
                $"() => document.querySelectorAll('[data-testid=county-tile]').length >= {tiles}");
            var w = await OpenAsync(browser, cookies, new Uri(host.BaseAddress, $"/#/wall?campus={campusId}&lang=en").ToString(),
                "() => !!document.body && document.body.dataset.connection === 'connected' && !!document.querySelector('[data-testid=campus-map]')");
            Bench.Log($"paint {i}: county {c:F0} ms, one campus's wall {w:F0} ms");
            if (i < 0) continue;
            county.Add(c);
            wall.Add(w);
        }
        return (new Timing(Bench.Median(county), Bench.Percentile(county, 0.95)), new Timing(Bench.Median(wall), Bench.Percentile(wall, 0.95)));
    }

    /// <summary>Opens <paramref name="url"/> in a fresh context with the session's cookies; milliseconds from navigation until <paramref name="done"/> is drawn.</summary>
    private static async Task<double> OpenAsync(IBrowser browser, List<Cookie> cookies, string url, string done)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "en-US" });
        await context.AddCookiesAsync(cookies);
        await context.AddInitScriptAsync(Probe(done));
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        await page.GotoAsync(url);
        try
        {
            await page.WaitForFunctionAsync("() => window.__benchPainted !== undefined", null, new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{url} was not drawn in 60 s; the page is at {page.Url}: {await page.InnerTextAsync("body")}\n{string.Join("\n", console)}");
        }
        return await page.EvaluateAsync<double>("() => window.__benchPainted");
    }

    private static string Chromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CAMPUS_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        throw new InvalidOperationException("Chromium was not found (apt-get install chromium, or set CAMPUS_TEST_CHROMIUM).");
    }
}
