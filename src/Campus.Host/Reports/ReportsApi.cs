using System.Globalization;
using System.Security.Claims;
using System.Text;
using Campus.Actors.Reference;
using Campus.Host.Auth;
using Campus.Host.Campus;
using Campus.Host.Console;

namespace Campus.Host.Reports;

/// <summary>
/// The daily report of a campus (docs/api.md, "Daily reports"): as JSON, one section as CSV, or a
/// printable page. The closed report when the day is closed, else a live preview (<c>"closed": false</c>).
/// Admin and security see it all; a teacher the attendance of their classes; a supervisor the night
/// of their dorms; guardians get 403. The county report: one row per campus of a county account (or
/// an admin) from the closed campus reports.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/campuses/{campusId}/reports").WithTags("Reports").RequireAuthorization(Policies.ReadAlerts);
        reports.MapGet("/daily", GetDaily).WithSummary("The daily report of a local day: closed, or a live preview");
        reports.MapGet("/daily.csv", GetCsv).WithSummary("One section of the daily report as CSV");
        reports.MapGet("/daily.html", GetHtml).WithSummary("The daily report as a printable A4 page (zh-CN or en)");
        var county = app.MapGroup("/api/v1/county/reports").WithTags("Reports").RequireAuthorization(Policies.County);
        county.MapGet("/daily", GetCounty).WithSummary("The county report of a day: a row per campus from its closed report, the totals, the worst days and nights");
        county.MapGet("/daily.csv", GetCountyCsv).WithSummary("The county report of a day as CSV");
        return app;
    }

    private static async Task<IResult> GetCounty(string? date, CampusDirectory directory, DailyReportStore store, TimeProvider clock, ClaimsPrincipal principal,
        CancellationToken cancellationToken)
    {
        var (result, report) = await CountyAsync(date, directory, store, clock, principal, cancellationToken);
        return result ?? TypedResults.Json(report!, DailyReportStore.Json);
    }

    private static async Task<IResult> GetCountyCsv(string? date, CampusDirectory directory, DailyReportStore store, TimeProvider clock, ClaimsPrincipal principal,
        CancellationToken cancellationToken)
    {
        var (result, report) = await CountyAsync(date, directory, store, clock, principal, cancellationToken);
        if (result is not null) return result;
        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(report!.Csv())], "text/csv; charset=utf-8",
            $"county-{report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
    }

    /// <summary>
    /// The county report of a day (default: yesterday, by the first campus's clock) over the caller's
    /// campuses, from their closed reports only (one query per campus, no computing: fast at county scale).
    /// </summary>
    private static async Task<(IResult? Result, CountyReport? Report)> CountyAsync(string? date, CampusDirectory directory, DailyReportStore store, TimeProvider clock,
        ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        var campuses = directory.Campuses.Values.Where(c => user.HasCampus(c.CampusId)).OrderBy(c => c.CampusId, StringComparer.Ordinal).ToList();
        DateOnly day;
        if (date is null) day = campuses.Count > 0 ? campuses[0].Rules.LocalDate(clock.GetUtcNow()).AddDays(-1) : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        else if (Apis.QueryApi.LocalDay(date) is { } d) day = d;
        else return (TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = [Apis.QueryApi.DateError] }), null);
        var rows = new List<(string, string, DailyReportData?)>();
        foreach (var campus in campuses) rows.Add((campus.CampusId, campus.Name, await store.GetAsync(campus.CampusId, day, cancellationToken)));
        return (null, CountyReport.Of(day, rows));
    }

    private static async Task<IResult> GetDaily(string campusId, string? date, CampusDirectory directory, DailyReports reports, TimeProvider clock,
        ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var (result, report, _) = await ReportAsync(campusId, date, directory, reports, clock, principal, new Dictionary<string, string[]>(), cancellationToken);
        return result ?? TypedResults.Json(report!, DailyReportStore.Json);
    }

    private static async Task<IResult> GetCsv(string campusId, string? date, string? section, CampusDirectory directory, DailyReports reports, TimeProvider clock,
        ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (section is null || !ReportScope.Sections.Contains(section)) errors["section"] = [$"must be one of {string.Join(", ", ReportScope.Sections)}"];
        var (result, report, campus) = await ReportAsync(campusId, date, directory, reports, clock, principal, errors, cancellationToken);
        if (result is not null) return result;
        if (!ReportScope.Sees(CampusUser.From(principal)!, section!)) return OutOfScope();
        var csv = ReportCsv.Render(report!, section!, campus!.Rules.ToLocal);
        var name = $"{campusId}-{report!.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{section}.csv";
        // With a byte order mark, so a spreadsheet opens the UTF-8 (Chinese names) as UTF-8.
        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", name);
    }

    private static async Task<IResult> GetHtml(string campusId, string? date, string? lang, CampusDirectory directory, DailyReports reports, TimeProvider clock,
        ClaimsPrincipal principal, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        lang ??= ReportText.Languages[0];
        if (!ReportText.Languages.Contains(lang)) errors["lang"] = [$"must be one of {string.Join(", ", ReportText.Languages)}"];
        var (result, report, campus) = await ReportAsync(campusId, date, directory, reports, clock, principal, errors, cancellationToken);
        if (result is not null) return result;
        SecurityHeaders.AllowInlineStyle(context, ReportHtml.Css);
        return TypedResults.Content(ReportHtml.Render(report!, campus!, ReportText.For(lang)), "text/html; charset=utf-8");
    }

    /// <summary>
    /// The report of the request, scoped to the account; or the answer when there is none: 404 for a
    /// campus that is not the account's, 400 naming the fields (with <paramref name="errors"/> found
    /// before), 403 for an account that sees no part of it.
    /// </summary>
    private static async Task<(IResult? Result, DailyReportData? Report, CampusManifest? Campus)> ReportAsync(string campusId, string? date, CampusDirectory directory,
        DailyReports reports, TimeProvider clock, ClaimsPrincipal principal, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } campus || !user.HasCampus(campusId))
            return (TypedResults.Problem($"No campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus"), null, null);
        var now = clock.GetUtcNow();
        DateOnly day = default;
        if (date is null) day = reports.LatestClosable(campus, now);
        else if (Apis.QueryApi.LocalDay(date) is { } d) day = d;
        else errors["date"] = [Apis.QueryApi.DateError];
        if (errors.Count > 0) return (TypedResults.ValidationProblem(errors), null, null);
        var full = await reports.GetAsync(campus, day, now, cancellationToken);
        return ReportScope.For(user, full) is { } scoped ? (null, scoped, campus) : (OutOfScope(), null, null);
    }

    private static IResult OutOfScope() =>
        TypedResults.Problem("This part of the daily report is outside your classes or dorms.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
}
