using System.Globalization;
using System.Security.Claims;
using Campus.Actors.Alerts;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Host.Auth;
using Campus.Host.Campus;
using Campus.Host.Hubs;
using Campus.Host.Projections;

namespace Campus.Host.Apis;

/// <summary>
/// Reads for the console and integrators: campuses and their layout, alerts, live presence per
/// location, a student's timeline for a day, device status. A client that reconnects to the hub
/// fetches these to catch up.
/// </summary>
public static class QueryApi
{
    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        // Every query needs a signed-in account; scope within the campus is checked per query.
        var api = app.MapGroup("/api/v1").WithTags("Queries").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/campuses", (CampusDirectory directory, ClaimsPrincipal principal) =>
            TypedResults.Ok(directory.Campuses.Values.Where(c => CampusUser.From(principal)!.HasCampus(c.CampusId))
                .OrderBy(c => c.CampusId, StringComparer.Ordinal).Select(c => new CampusSummary(c.CampusId, c.Name, c.TimeZone))));
        var campus = api.MapGroup("/campuses/{campusId}");
        campus.MapGet("", GetLayout).WithSummary("A campus's layout: gates, dorms, classrooms, zones, devices");
        campus.MapGet("/alerts", GetAlerts).WithSummary("Alerts: open by default; filter by status, kind and local date").RequireAuthorization(Policies.ReadAlerts);
        campus.MapGet("/alerts/{alertId}", GetAlert).RequireAuthorization(Policies.ReadAlerts);
        campus.MapGet("/presence", GetPresence).WithSummary("Who is where now, per location").RequireAuthorization(Policies.ReadWholeCampus);
        campus.MapGet("/students/{studentId}/timeline", GetTimeline).WithSummary("A student's movements and notices on one local day");
        campus.MapGet("/devices", GetDevices).WithSummary("Every device with its last known health").RequireAuthorization(Policies.ReadWholeCampus);
        campus.MapGet("/students/{studentId}", GetStudent).WithSummary("A student's profile: class, dorm, where they are now");
        campus.MapGet("/rollcall", GetRollCall).WithSummary("Roll call of a dorm (?dorm=) or a class (?class=): in, on leave, missing when due there, else where each student is").RequireAuthorization(Policies.Operator);
        return app;
    }

    /// <summary>A campus in the list.</summary>
    public sealed record CampusSummary(string CampusId, string Name, string TimeZone);

    /// <summary>A campus's layout for the console's map and pickers.</summary>
    public sealed record CampusLayout(string CampusId, string Name, string TimeZone,
        IReadOnlyList<GateInfo> Gates, IReadOnlyList<LayoutDorm> Dorms, IReadOnlyList<LayoutClassroom> Classrooms, IReadOnlyList<LayoutZone> Zones, int Students);

    /// <summary>A dorm with its times and how many boarders it expects.</summary>
    public sealed record LayoutDorm(string Id, string Name, TimeOnly Curfew, TimeOnly WakeUp, TimeOnly RollCall, int Expected);

    /// <summary>A classroom with how many students it has.</summary>
    public sealed record LayoutClassroom(string Id, string Name, string Grade, int Students);

    /// <summary>A student as the supervisor and parent views show them.</summary>
    public sealed record StudentProfile(string StudentId, string Name, string Grade, string ClassId, bool Boarding, string? DormId, string? Location, DateTimeOffset? Since);

    /// <summary>
    /// One line of a roll call: <c>in</c> or <c>on-leave</c>; while the students are due there (a
    /// dorm's night, a class's period) <c>missing</c>, at other times where they are:
    /// <c>in-class</c>, <c>in-dorm</c>, <c>on-campus</c> or <c>off-campus</c> (see <see cref="RollCall"/>).
    /// </summary>
    public sealed record RollCallEntry(string StudentId, string Name, string Status, string? Location, DateTimeOffset? Since, string? LeaveReason);

    /// <summary>A zone as the console shows it.</summary>
    public sealed record LayoutZone(string Id, string Name, string Kind, TimeOnly? OpenFrom, TimeOnly? OpenTo);

    /// <summary>The students at one location.</summary>
    public sealed record LocationPresence(string LocationId, int Count, IReadOnlyList<PresentStudent> Students);

    /// <summary>A student at a location since a time.</summary>
    public sealed record PresentStudent(string StudentId, string Name, DateTimeOffset Since);

    /// <summary>One entry of a timeline: a movement (from, to) or a notice (kind).</summary>
    public sealed record TimelineEntry(DateTimeOffset At, string What, string? From, string? To);

    /// <summary>A device with its health (online null: not heard from since start).</summary>
    public sealed record DeviceStatus(string DeviceId, string Kind, string LocationId, bool? Online, DateTimeOffset? LastHeard);

    private static IResult GetLayout(string campusId, CampusDirectory directory, ClaimsPrincipal principal)
    {
        if (directory.Find(campusId) is not { } c || !CampusUser.From(principal)!.HasCampus(campusId)) return UnknownCampus(campusId);
        var dorms = c.Dorms.Select(d => new LayoutDorm(d.Id, d.Name, d.Curfew, d.WakeUp, d.RollCall, c.Students.Count(s => s.Boarding && s.DormId == d.Id))).ToList();
        var classrooms = c.Classrooms.Select(r => new LayoutClassroom(r.Id, r.Name, r.Grade, c.Students.Count(s => s.ClassId == r.Id))).ToList();
        return TypedResults.Ok(new CampusLayout(c.CampusId, c.Name, c.TimeZone, c.Gates, dorms, classrooms,
            [.. c.Zones.Select(z => new LayoutZone(z.Id, z.Name, WireName.Of(z.Kind), z.OpenFrom, z.OpenTo))], c.Students.Length));
    }

    private static async Task<IResult> GetAlerts(string campusId, string? status, string? kind, string? date, CampusDirectory directory, CampusView view, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } c || !user.HasCampus(campusId)) return UnknownCampus(campusId);
        var errors = new Dictionary<string, string[]>();
        status ??= "open";
        if (status is not ("open" or "all" or "acknowledged" or "escalated" or "resolved"))
            errors["status"] = ["must be open (not resolved, the default), acknowledged, escalated, resolved or all"];
        if (kind is not null && !Enum.GetValues<AlertKind>().Any(k => Incidents.KindName(k) == kind))
            errors["kind"] = [$"must be one of {string.Join(", ", Enum.GetValues<AlertKind>().Select(Incidents.KindName))}"];
        DateOnly? day = null;
        if (date is not null)
        {
            if (LocalDay(date) is { } d) day = d;
            else errors["date"] = [DateError];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var rules = c.Rules;
        var stored = day is { } local
            ? await view.AlertsAsync(campusId, status, rules.At(local, TimeOnly.MinValue), rules.At(local.AddDays(1), TimeOnly.MinValue), cancellationToken)
            : await view.AlertsAsync(campusId, status, cancellationToken: cancellationToken);
        var alerts = stored
            .Where(a => user.SeesAlertScope(campusId, a.Scope))
            .Where(a => kind is null || Incidents.KindName(a.Kind) == kind)
            .OrderByDescending(a => a.Severity).ThenBy(a => a.RaisedAt)
            .Select(AlertView.From);
        return TypedResults.Ok(alerts);
    }

    private static async Task<IResult> GetAlert(string campusId, string alertId, CampusView view, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        await view.AlertFreshAsync(campusId, alertId, cancellationToken) is { } alert && CampusUser.From(principal)!.SeesAlertScope(campusId, alert.Scope)
            ? TypedResults.Ok(AlertView.From(alert))
            : TypedResults.Problem($"No alert '{alertId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown alert");

    private static async Task<IResult> GetPresence(string campusId, CampusDirectory directory, CampusView view, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (directory.Find(campusId) is not { } c || !CampusUser.From(principal)!.ReadsWholeCampus(campusId)) return UnknownCampus(campusId);
        var students = (await view.PresenceAsync(campusId, cancellationToken))
            .GroupBy(p => p.ToLocation, StringComparer.Ordinal)
            .Select(g => new LocationPresence(g.Key, g.Count(),
                [.. g.OrderBy(p => p.PersonId, StringComparer.Ordinal).Select(p => new PresentStudent(p.PersonId, directory.Student(campusId, p.PersonId)?.Name ?? p.PersonId, p.At))]));
        // Camera zones: the people a camera counts, with no names (a camera does not identify anyone).
        var zones = (await view.ZonesAsync(campusId, cancellationToken)).Select(z => new LocationPresence("zone:" + z.ZoneId, z.Count, []));
        return TypedResults.Ok(students.Concat(zones).OrderBy(l => l.LocationId, StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> GetTimeline(string campusId, string studentId, string? date, CampusDirectory directory, CampusView view, TimeProvider clock, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } c || !user.HasCampus(campusId)) return UnknownCampus(campusId);
        if (directory.Student(c.CampusId, studentId) is not { } student || !user.SeesStudent(campusId, student))
            return TypedResults.Problem($"No student '{studentId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown student");
        var rules = c.Rules;
        DateOnly day;
        if (date is null) day = rules.LocalDate(clock.GetUtcNow());
        else if (LocalDay(date) is { } d) day = d;
        else return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = [DateError] });
        var from = rules.At(day, TimeOnly.MinValue);
        var to = rules.At(day.AddDays(1), TimeOnly.MinValue);
        var entries = (await view.TimelineAsync(campusId, studentId, from, to, cancellationToken)).Select(e => e.Entry switch
        {
            PresenceChanged p => new TimelineEntry(e.At, "moved", p.FromLocation, p.ToLocation),
            GuardianNotice n => new TimelineEntry(e.At, "notice:" + StudentRules.KindName(n.Kind), null, n.LocationId),
            _ => new TimelineEntry(e.At, e.Entry.GetType().Name, null, null),
        });
        return TypedResults.Ok(entries);
    }

    private static async Task<IResult> GetDevices(string campusId, CampusDirectory directory, CampusView view, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (directory.Find(campusId) is not { } c || !CampusUser.From(principal)!.ReadsWholeCampus(campusId)) return UnknownCampus(campusId);
        var health = (await view.DevicesAsync(campusId, cancellationToken)).ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        return TypedResults.Ok(c.Devices.Select(d =>
        {
            var h = health.GetValueOrDefault(d.Id);
            return new DeviceStatus(d.Id, WireName.Of(d.Kind), d.LocationId, h?.Online, h?.LastHeard);
        }));
    }

    private static async Task<IResult> GetStudent(string campusId, string studentId, CampusDirectory directory, CampusView view, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } c || !user.HasCampus(campusId)) return UnknownCampus(campusId);
        if (directory.Student(c.CampusId, studentId) is not { } student || !user.SeesStudent(campusId, student))
            return TypedResults.Problem($"No student '{studentId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown student");
        var presence = await view.PresenceOfAsync(campusId, studentId, cancellationToken);
        return TypedResults.Ok(new StudentProfile(student.Id, student.Name, student.Grade, student.ClassId, student.Boarding, student.DormId, presence?.ToLocation, presence?.At));
    }

    private static async Task<IResult> GetRollCall(string campusId, string? dorm, string? @class, CampusDirectory directory, CampusView view, TimeProvider clock, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } c || !user.HasCampus(campusId)) return UnknownCampus(campusId);
        if ((dorm is null) == (@class is null))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dorm"] = ["give exactly one of dorm or class"] });
        if (dorm is not null && !c.Dorms.Any(d => d.Id == dorm))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dorm"] = [$"'{dorm}' is not a dorm of {campusId}"] });
        if (@class is not null && !c.Classrooms.Any(r => r.Id == @class))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["class"] = [$"'{@class}' is not a class of {campusId}"] });
        if (!user.SeesRollCall(campusId, dorm, @class))
            return TypedResults.Problem("This roll call is outside your dorms or classes.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
        var now = clock.GetUtcNow();
        var here = dorm is not null ? StudentLocations.InDorm(dorm) : StudentLocations.InClassroom(@class!);
        var students = dorm is not null ? c.Students.Where(s => s.Boarding && s.DormId == dorm) : c.Students.Where(s => s.ClassId == @class);
        // "missing" only while the students are due here: the dorm's night, the class's period.
        var due = dorm is not null ? RollCall.DormDue(c.Rules, c.Dorms.Single(d => d.Id == dorm), now) : RollCall.ClassDue(c.Rules, now);
        var presences = (await view.PresenceAsync(campusId, cancellationToken)).ToDictionary(p => p.PersonId, StringComparer.Ordinal);
        var leaves = await view.LeavesAtAsync(campusId, now, cancellationToken);
        var entries = students.Select(s =>
        {
            var presence = presences.GetValueOrDefault(s.Id);
            var leave = leaves.GetValueOrDefault(s.Id);
            var status = RollCall.Status(here, presence?.ToLocation, leave is not null, due);
            return new RollCallEntry(s.Id, s.Name, status, presence?.ToLocation, presence?.At, leave?.Reason);
        });
        return TypedResults.Ok(entries.OrderBy(e => RollCall.Rank(e.Status)).ThenBy(e => e.StudentId, StringComparer.Ordinal));
    }

    internal const string DateError = "must be a local date yyyy-MM-dd from 0001-01-02 to 9999-12-30";

    /// <summary>
    /// A local date from the query, or null when it is not one. The first and last days the calendar
    /// can hold are refused too: a day's bounds in the campus's time zone (its midnight, the next
    /// day's) must be instants, and 0001-01-01 00:00 at UTC+8 or the day after 9999-12-31 are not.
    /// </summary>
    internal static DateOnly? LocalDay(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && day > DateOnly.MinValue && day < DateOnly.MaxValue ? day : null;

    private static IResult UnknownCampus(string campusId) =>
        TypedResults.Problem($"No campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus");
}
