using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Host.Reports;
using Campus.Host.Tests.County;
using Microsoft.Extensions.DependencyInjection;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests.Reports;

/// <summary>
/// The county daily report and the campus reports as a county account reads them: one row per campus
/// of its list from the closed campus reports, never a campus outside its list.
/// </summary>
public sealed class CountyReportApiTests : IAsyncLifetime
{
    private const string Password = "County bureau 2026";
    private readonly string _folder = Directory.CreateTempSubdirectory("campus-county-reports-").FullName;
    private CampusHostFactory _host = null!;

    public Task InitializeAsync()
    {
        _host = new CampusHostFactory(settings: SmallCampuses.Settings(
        [
            SmallCampuses.Write(_folder, "hk", "Huajing Second Campus", 20),
            SmallCampuses.Write(_folder, "hm", "Huajing Mountain Campus", 20),
        ]));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_county_account_gets_a_row_per_campus_of_its_list_with_totals_and_reads_those_campuses_reports_whole_and_no_other()
    {
        using var admin = _host.CreateClient();
        var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "bureau", role = "county", password = Password, campuses = new[] { "hj", "hk" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // A student of each campus arrives late on Wednesday (10:00, after the 07:50 deadline).
        foreach (var campus in new[] { "hj", "hk", "hm" })
            await PostAsync(campus, "S1002");
        // Thursday 06:15: Wednesday's reports closed (06:00, after the last wake-up at 06:10).
        await _host.AdvanceAsync(new DateTimeOffset(2026, 11, 26, 6, 15, 0, TimeSpan.FromHours(8)) - await _host.NowAsync());
        await _host.Services.GetRequiredService<DailyReportCloser>().CloseDueAsync(await _host.NowAsync(), CancellationToken.None);
        using var county = await SignedInAsync("bureau");

        var report = (await county.GetFromJsonAsync<JsonObject>("/api/v1/county/reports/daily?date=2026-11-25"))!;
        var csv = await county.GetStringAsync("/api/v1/county/reports/daily.csv?date=2026-11-25");
        var own = await county.GetAsync("/api/v1/campuses/hk/reports/daily?date=2026-11-25");
        var other = await county.GetAsync("/api/v1/campuses/hm/reports/daily?date=2026-11-25");
        var bad = await county.GetAsync("/api/v1/county/reports/daily?date=yesterday");
        using var teacher = _host.ClientAs("teacher");

        Assert.Equal(["hj", "hk"], report["campuses"]!.AsArray().Select(r => (string?)r!["campusId"]));
        Assert.All(report["campuses"]!.AsArray(), r => Assert.True((bool)r!["closed"]! && (int)r["headline"]!["late"]! == 1));
        Assert.Equal((2, 2, 2), ((int)report["totals"]!["campuses"]!, (int)report["totals"]!["closed"]!, (int)report["totals"]!["late"]!));
        Assert.DoesNotContain("hm", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header, hj, hk, totals
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.NotNull((await own.Content.ReadFromJsonAsync<JsonObject>())!["alerts"]); // the whole report, read-only
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(["date"], await ProblemFieldsAsync(bad));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/v1/county/reports/daily")).StatusCode);
    }

    private async Task PostAsync(string campus, string student)
    {
        using var client = _host.AnonymousClient();
        var key = await DeviceKeyAsync(campus, "gate-north-reader");
        client.DefaultRequestHeaders.Add("X-Device-Key", key);
        var response = await client.PostAsJsonAsync("/api/v1/events", Access("gate-north-reader", student, SchoolMorning));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>A new key of a campus's device (the demo file lists only the demo campus's keys).</summary>
    private async Task<string> DeviceKeyAsync(string campus, string device)
    {
        if (campus == "hj") return _host.KeyOf(device);
        using var admin = _host.CreateClient();
        using var response = await admin.PostAsync($"/api/v1/campuses/{campus}/devices/{device}/keys", null);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;
    }

    private Task<HttpClient> SignedInAsync(string userName) => _host.SignedInAsync(userName, Password);
}
