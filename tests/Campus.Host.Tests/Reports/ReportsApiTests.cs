using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests.Reports;

/// <summary>One demo host (Wednesday 2026-11-25, 10:00) for the report API tests that only read.</summary>
public sealed class ReportsHostFixture : IAsyncLifetime
{
    public CampusHostFactory Host { get; } = new();

    public async Task InitializeAsync()
    {
        // S1004 (g7-1, a day student) comes in at 10:00; S1001 (g7-1, a boarder of dorm-pine) enters his dorm.
        Assert.Equal(HttpStatusCode.Accepted, (await Host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", "S1004", SchoolMorning))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Host.PostEventsAsync("dorm-pine-reader", Access("dorm-pine-reader", "S1001", SchoolMorning))).StatusCode);
        await Host.SettleAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The daily report's API: what each role sees, the CSV export and the printable page.</summary>
public sealed class ReportsApiTests(ReportsHostFixture fixture) : IClassFixture<ReportsHostFixture>
{
    private const string Daily = "/api/v1/campuses/hj/reports/daily";

    private CampusHostFactory Host => fixture.Host;

    private async Task<JsonObject> ReportAsAsync(string role, string query = "?date=2026-11-25")
    {
        using var client = Host.ClientAs(role);
        using var response = await client.GetAsync(Daily + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task Security_sees_every_section_of_a_live_preview()
    {
        var report = await ReportAsAsync("security");

        Assert.False((bool)report["closed"]!);
        Assert.Equal("2026-11-25", (string?)report["date"]);
        foreach (var section in new[] { "headline", "attendance", "night", "alerts", "devices", "visitors", "vehicles" }) Assert.True(report.ContainsKey(section), section);
        Assert.Equal(2, (int)report["headline"]!["arrived"]!);
    }

    [Fact]
    public async Task A_teacher_sees_only_the_attendance_rows_of_their_class()
    {
        var report = await ReportAsAsync("teacher");

        var classes = report["attendance"]!["classes"]!.AsArray();
        Assert.Equal(["g7-1"], classes.Select(c => (string?)c!["classId"]));
        Assert.Empty(report["attendance"]!["grades"]!.AsArray());
        Assert.All(report["attendance"]!["students"]!.AsArray(), s => Assert.Equal("g7-1", (string?)s!["classId"]));
        foreach (var section in new[] { "headline", "night", "alerts", "devices", "visitors", "vehicles" }) Assert.False(report.ContainsKey(section), section);
    }

    [Fact]
    public async Task A_supervisor_sees_only_the_night_rows_of_their_dorm()
    {
        var report = await ReportAsAsync("supervisor");

        Assert.Equal(["dorm-pine"], report["night"]!["dorms"]!.AsArray().Select(d => (string?)d!["dormId"]));
        Assert.All(report["night"]!["students"]!.AsArray(), s => Assert.Equal("dorm-pine", (string?)s!["dormId"]));
        foreach (var section in new[] { "headline", "attendance", "alerts", "devices", "visitors", "vehicles" }) Assert.False(report.ContainsKey(section), section);
    }

    [Fact]
    public async Task A_guardian_gets_403()
    {
        using var client = Host.ClientAs("guardian");

        foreach (var path in new[] { Daily, Daily + ".csv?section=attendance", Daily + ".html" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_teachers_csv_of_attendance_has_a_header_and_their_class_only_and_other_sections_are_403()
    {
        using var client = Host.ClientAs("teacher");

        using var csv = await client.GetAsync(Daily + ".csv?date=2026-11-25&section=attendance");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("date,grade,classId,className,expected,arrived,late,absentWithLeave,absentWithoutLeave,leftEarly", lines[0]);
        Assert.Equal(["2026-11-25,7,g7-1,Grade 7 Class 1,32,2,2,0,30,0"], lines[1..]);

        using var night = await client.GetAsync(Daily + ".csv?date=2026-11-25&section=night");
        Assert.Equal(HttpStatusCode.Forbidden, night.StatusCode);
    }

    [Fact]
    public async Task A_bad_date_or_section_is_a_problem_naming_the_field()
    {
        using var client = Host.ClientAs("security");

        using var date = await client.GetAsync(Daily + "?date=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.Equal(["date"], await ProblemFieldsAsync(date));
        using var section = await client.GetAsync(Daily + ".csv?date=2026-11-25&section=everything");
        Assert.Equal(HttpStatusCode.BadRequest, section.StatusCode);
        Assert.Equal(["section"], await ProblemFieldsAsync(section));
        using var lang = await client.GetAsync(Daily + ".html?date=2026-11-25&lang=fr");
        Assert.Equal(["lang"], await ProblemFieldsAsync(lang));
    }

    [Fact]
    public async Task The_first_and_last_days_the_calendar_can_hold_are_answered_and_without_a_date_the_latest_closable_day()
    {
        Assert.Equal("0001-01-02", (string?)(await ReportAsAsync("security", "?date=0001-01-02"))["date"]);
        Assert.Equal("9999-12-30", (string?)(await ReportAsAsync("security", "?date=9999-12-30"))["date"]);
        // Wednesday 10:00: Tuesday's report closed at 06:10 this morning.
        Assert.Equal("2026-11-24", (string?)(await ReportAsAsync("security", ""))["date"]);
    }

    [Fact]
    public async Task The_printable_page_is_a4_html_in_both_languages_whose_one_inline_stylesheet_the_policy_allows_by_its_hash()
    {
        using var client = Host.ClientAs("admin");

        using var english = await client.GetAsync(Daily + ".html?date=2026-11-25&lang=en");
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Equal("text/html", english.Content.Headers.ContentType?.MediaType);
        var page = await english.Content.ReadAsStringAsync();
        Assert.Contains("Huajing Experimental School", page, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", page, StringComparison.Ordinal);
        Assert.Contains("Daily report", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        var css = page[(page.IndexOf("<style>", StringComparison.Ordinal) + 7)..page.IndexOf("</style>", StringComparison.Ordinal)];
        Assert.Contains("@page { size: A4", css, StringComparison.Ordinal);
        var csp = string.Join(",", english.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"style-src 'self' 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)))}'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal(["DENY"], english.Headers.GetValues("X-Frame-Options"));

        using var chinese = await client.GetAsync(Daily + ".html?date=2026-11-25&lang=zh-CN");
        Assert.Contains("每日报告", await chinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var json = await client.GetAsync(Daily + "?date=2026-11-25");
        Assert.DoesNotContain("sha256", string.Join(",", json.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }
}
