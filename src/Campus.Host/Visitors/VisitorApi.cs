using System.Security.Claims;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Host.Apis;
using Campus.Host.Auth;
using Campus.Host.Campus;
using Campus.Host.Hubs;
using Campus.Host.Ingest;
using Campus.Host.Projections;
using Campus.Host.Storage;

namespace Campus.Host.Visitors;

/// <summary>
/// Visitors and vehicles: register a visit (security, admin, or a teacher for their own class), a
/// guardian's request (security approves or declines), walk-ins at the gate, check-in and
/// check-out by the guard, the watch list, and the vehicle views. Commands are inputs of the visit
/// (or watch-list) entity, answered 202 once journaled, with an <c>Idempotency-Key</c> honoured
/// as for operator commands; every command is audited without the document number. See docs/api.md.
/// </summary>
public static class VisitorApi
{
    public static IEndpointRouteBuilder MapVisitorApi(this IEndpointRouteBuilder app)
    {
        var campus = app.MapGroup("/api/v1/campuses/{campusId}").WithTags("Visitors");
        campus.MapPost("/visits", RegisterAsync).WithSummary("Register an expected visit (security, admin; a teacher for their own class)").RequireAuthorization(Policies.Operator);
        campus.MapPost("/visits/walk-in", WalkInAsync).WithSummary("Register a walk-in visitor at the gate and check them in, in one step").RequireAuthorization(Policies.Security);
        campus.MapPost("/visit-requests", RequestAsync).WithSummary("A guardian asks to visit their child; security approves or declines").RequireAuthorization(Policies.Guardian);
        campus.MapPost("/visits/{code}/approve", (string campusId, string code, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
            commands.DecideAsync(campusId, code, approve: true, null, request, principal, ct)).RequireAuthorization(Policies.Security);
        campus.MapPost("/visits/{code}/decline", (string campusId, string code, DeclineRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
            commands.DecideAsync(campusId, code, approve: false, body, request, principal, ct)).RequireAuthorization(Policies.Security);
        campus.MapPost("/visits/{code}/check-in", (string campusId, string code, GateRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
            commands.PassAsync(campusId, code, checkIn: true, body, request, principal, ct)).RequireAuthorization(Policies.Security);
        campus.MapPost("/visits/{code}/check-out", (string campusId, string code, GateRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
            commands.PassAsync(campusId, code, checkIn: false, body, request, principal, ct)).RequireAuthorization(Policies.Security);
        campus.MapGet("/visits", ListAsync).WithSummary("The visits of a local day (?date=, default today) and everyone on campus now, within the caller's scope").RequireAuthorization(Policies.SignedIn);
        campus.MapGet("/visits/{code}", GetAsync).RequireAuthorization(Policies.SignedIn);
        campus.MapGet("/watch-list", WatchListAsync).WithSummary("The watch list: labels and reasons").RequireAuthorization(Policies.Security);
        campus.MapPost("/watch-list", (string campusId, WatchRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
            commands.WatchAsync(campusId, body, request, principal, ct)).RequireAuthorization(Policies.Security);
        campus.MapDelete("/watch-list/{entryId}", (string campusId, string entryId, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
            commands.UnwatchAsync(campusId, entryId, request, principal, ct)).RequireAuthorization(Policies.Security);
        campus.MapGet("/vehicles/inside", VehiclesInsideAsync).WithSummary("The vehicles on campus now").RequireAuthorization(Policies.Security);
        campus.MapGet("/vehicles/log", VehicleLogAsync).WithSummary("The vehicle log of a local day (?date=, default today)").RequireAuthorization(Policies.Security);
        return app;
    }

    /// <summary>
    /// The body of a registration (staff), a walk-in (<paramref name="GateId"/>: where they are) and a
    /// guardian's request (<paramref name="StudentId"/>: the child; the host is the child's class).
    /// <paramref name="HostKind"/> is <c>staff</c> (<paramref name="HostId"/>: an account name) or <c>class</c> (a class id).
    /// </summary>
    public sealed record VisitRequest(
        string? VisitorName,
        string? Phone,
        string? Purpose,
        string? HostKind,
        string? HostId,
        DateTimeOffset? ExpectedArrival,
        DateTimeOffset? ExpectedDeparture,
        int? Companions,
        string? Plate,
        string? DocumentNumber,
        string? GateId = null,
        string? StudentId = null);

    /// <summary>The body of a decline.</summary>
    public sealed record DeclineRequest(string? Reason);

    /// <summary>The body of a check-in or check-out by the guard: the gate (optional).</summary>
    public sealed record GateRequest(string? GateId);

    /// <summary>The body of a watch-list entry: <c>document</c> (a number and the person's name) or <c>plate</c>, and why.</summary>
    public sealed record WatchRequest(string? Kind, string? DocumentNumber, string? Name, string? Plate, string? Reason);

    private static Task<IResult> RegisterAsync(string campusId, VisitRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
        commands.RegisterAsync(campusId, body, VisitorCommands.Registration.Staff, request, principal, ct);

    private static Task<IResult> WalkInAsync(string campusId, VisitRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
        commands.RegisterAsync(campusId, body, VisitorCommands.Registration.WalkIn, request, principal, ct);

    private static Task<IResult> RequestAsync(string campusId, VisitRequest? body, HttpRequest request, ClaimsPrincipal principal, VisitorCommands commands, CancellationToken ct) =>
        commands.RegisterAsync(campusId, body, VisitorCommands.Registration.GuardianRequest, request, principal, ct);

    private static async Task<IResult> ListAsync(string campusId, string? date, ClaimsPrincipal principal, CampusDirectory directory, CampusView view, TimeProvider clock, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } campus || !user.HasCampus(campusId)) return UnknownCampus(campusId);
        var rules = campus.Rules;
        DateOnly day;
        if (date is null) day = rules.LocalDate(clock.GetUtcNow());
        else if (QueryApi.LocalDay(date) is { } d) day = d;
        else return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["must be a local date yyyy-MM-dd"] });
        var from = rules.At(day, TimeOnly.MinValue);
        var to = rules.At(day.AddDays(1), TimeOnly.MinValue);
        var visits = await view.VisitsAsync(campusId, from, to, ct);
        return TypedResults.Ok(visits.Where(v => Sees(user, v)).Select(VisitView.From));
    }

    private static async Task<IResult> GetAsync(string campusId, string code, ClaimsPrincipal principal, CampusView view, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        if (!user.HasCampus(campusId) || !VisitCodes.IsWellFormed(code) || await view.VisitAsync(campusId, code, ct) is not { } visit || !Sees(user, visit))
            return UnknownVisit(campusId, code);
        return TypedResults.Ok(VisitView.From(visit));
    }

    private static async Task<IResult> WatchListAsync(string campusId, ClaimsPrincipal principal, CampusDirectory directory, CampusView view, CancellationToken ct)
    {
        if (directory.Find(campusId) is null || !CampusUser.From(principal)!.HasCampus(campusId)) return UnknownCampus(campusId);
        return TypedResults.Ok((await view.WatchListFreshAsync(campusId, ct)).Select(WatchEntryView.From));
    }

    private static async Task<IResult> VehiclesInsideAsync(string campusId, ClaimsPrincipal principal, CampusDirectory directory, CampusView view, CancellationToken ct)
    {
        if (directory.Find(campusId) is null || !CampusUser.From(principal)!.HasCampus(campusId)) return UnknownCampus(campusId);
        return TypedResults.Ok((await view.VehiclesInsideAsync(campusId, ct)).Select(VehicleView.From));
    }

    private static async Task<IResult> VehicleLogAsync(string campusId, string? date, ClaimsPrincipal principal, CampusDirectory directory, CampusView view, TimeProvider clock, CancellationToken ct)
    {
        if (directory.Find(campusId) is not { } campus || !CampusUser.From(principal)!.HasCampus(campusId)) return UnknownCampus(campusId);
        var rules = campus.Rules;
        DateOnly day;
        if (date is null) day = rules.LocalDate(clock.GetUtcNow());
        else if (QueryApi.LocalDay(date) is { } d) day = d;
        else return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["must be a local date yyyy-MM-dd"] });
        var log = await view.VehicleLogAsync(campusId, rules.At(day, TimeOnly.MinValue), rules.At(day.AddDays(1), TimeOnly.MinValue), ct);
        return TypedResults.Ok(log.Select(VehicleView.From));
    }

    /// <summary>
    /// Who sees a visit: security and admins every visit of their campus; a teacher the visits to
    /// their classes and to themselves; a supervisor the visits to themselves; anyone the visits they
    /// registered or requested (a guardian only their own requests).
    /// </summary>
    public static bool Sees(CampusUser user, VisitChanged visit)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(visit);
        if (!user.HasCampus(visit.CampusId)) return false;
        if (user.IsSecurity) return true;
        if (visit.RegisteredBy == user.UserName) return true;
        if (user.Role == Roles.Guardian) return false;
        return visit.HostKind == VisitHostKind.Staff ? visit.HostId == user.UserName : user.Role == Roles.Teacher && user.Classes.Contains(visit.HostId);
    }

    internal static IResult UnknownCampus(string campusId) =>
        TypedResults.Problem($"No campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus");

    internal static IResult UnknownVisit(string campusId, string code) =>
        TypedResults.Problem($"No visit '{code}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown visit");
}

/// <summary>The visitor commands: validation, scope, and the inputs they become.</summary>
public sealed class VisitorCommands(
    CampusDirectory directory,
    AccountStore accounts,
    VisitorIdentity identity,
    CampusView view,
    CampusEntities entities,
    HostDatabase database,
    TimeProvider clock,
    AuditLog audit)
{
    /// <summary>The longest name, phone number and purpose, in characters.</summary>
    public const int MaxNameLength = 100;

    public const int MaxPhoneLength = 32;

    public const int MaxPurposeLength = 500;

    /// <summary>The most companions one visitor may bring.</summary>
    public const int MaxCompanions = 50;

    /// <summary>The longest visit: a visit is within a day (a longer stay is not a visit).</summary>
    public static readonly TimeSpan MaxVisitLength = TimeSpan.FromHours(24);

    /// <summary>How a visit comes to be.</summary>
    public enum Registration
    {
        Staff,
        WalkIn,
        GuardianRequest,
    }

    public async Task<IResult> RegisterAsync(string campusId, VisitorApi.VisitRequest? body, Registration kind, HttpRequest request, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is not { } campus || !user.HasCampus(campusId)) return VisitorApi.UnknownCampus(campusId);
        var now = clock.GetUtcNow();
        var errors = OperatorApi.KeyErrors(request);
        var visitorName = Text(errors, "visitorName", body?.VisitorName, MaxNameLength, required: true);
        var phone = Text(errors, "phone", body?.Phone, MaxPhoneLength, required: true);
        if (phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
            errors["phone"] = ["may hold only digits, spaces and + - ( )"];
        var purpose = Text(errors, "purpose", body?.Purpose, MaxPurposeLength, required: true);

        // The host: a staff member or a class; a guardian's request is always to their child's class.
        VisitHostKind hostKind = VisitHostKind.Class;
        string? hostId = null, hostName = null, studentId = null;
        if (kind == Registration.GuardianRequest)
        {
            if (string.IsNullOrWhiteSpace(body?.StudentId)) errors["studentId"] = ["is required: the child you visit"];
            else if (!user.Children.Contains(body.StudentId) || directory.Student(campusId, body.StudentId) is not { } child)
                return TypedResults.Problem($"'{body.StudentId}' is not your child at {campusId}.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
            else
            {
                studentId = child.Id;
                hostId = child.ClassId;
                hostName = campus.Classrooms.FirstOrDefault(c => c.Id == child.ClassId)?.Name ?? child.ClassId;
            }
        }
        else
        {
            switch (body?.HostKind)
            {
                case "class":
                    if (string.IsNullOrWhiteSpace(body.HostId)) errors["hostId"] = ["is required: a class id"];
                    else if (campus.Classrooms.FirstOrDefault(c => c.Id == body.HostId) is not { } classroom) errors["hostId"] = [$"'{Clip(body.HostId)}' is not a class of {campusId}"];
                    else (hostId, hostName) = (classroom.Id, classroom.Name);
                    break;
                case "staff":
                    hostKind = VisitHostKind.Staff;
                    if (string.IsNullOrWhiteSpace(body.HostId)) errors["hostId"] = ["is required: a staff member's user name"];
                    else if (accounts.Find(body.HostId) is not { } account || account.Role == Roles.Guardian || (account.CampusId != campusId && account.CampusId != "*"))
                        errors["hostId"] = [$"'{Clip(body.HostId)}' is not a staff member of {campusId}"];
                    else (hostId, hostName) = (account.UserName, account.UserName);
                    break;
                default:
                    errors["hostKind"] = ["is required: staff or class"];
                    break;
            }
            // A teacher registers visits to their own classes only (their students' parents).
            if (user.Role == Roles.Teacher && hostId is not null && (hostKind != VisitHostKind.Class || !user.Classes.Contains(hostId)))
                return TypedResults.Problem("A teacher registers visits to their own classes only.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
            if (user.Role == Roles.Supervisor)
                return TypedResults.Problem("Visits are registered by security, admins, or a class's teacher.", statusCode: StatusCodes.Status403Forbidden, title: "Out of scope");
        }

        var arrival = kind == Registration.WalkIn ? body?.ExpectedArrival ?? now : body?.ExpectedArrival;
        var departure = body?.ExpectedDeparture;
        if (arrival is null) errors["expectedArrival"] = ["is required: an ISO 8601 time with an offset"];
        else if (kind != Registration.WalkIn && arrival < now - TimeSpan.FromHours(12)) errors["expectedArrival"] = ["is in the past"];
        else if (arrival > now + TimeSpan.FromDays(366)) errors["expectedArrival"] = ["is more than a year ahead"];
        if (departure is null) errors["expectedDeparture"] = ["is required: an ISO 8601 time with an offset"];
        else if (arrival is { } a && departure <= a) errors["expectedDeparture"] = ["must be after expectedArrival"];
        else if (arrival is { } b && departure - b > MaxVisitLength) errors["expectedDeparture"] = [$"must be within {MaxVisitLength.TotalHours:0} hours of expectedArrival"];
        var companions = body?.Companions ?? 0;
        if (companions is < 0 or > MaxCompanions) errors["companions"] = [$"must be from 0 to {MaxCompanions}"];
        string? plate = null;
        if (!string.IsNullOrWhiteSpace(body?.Plate))
        {
            if (Plates.Error(body.Plate) is { } plateError) errors["plate"] = [plateError];
            else plate = Plates.Normalize(body.Plate);
        }
        string? last4 = null, hash = null;
        if (!string.IsNullOrWhiteSpace(body?.DocumentNumber))
        {
            if (VisitorIdentity.DocumentError(body.DocumentNumber) is { } documentError) errors["documentNumber"] = [documentError];
            else (last4, hash) = (VisitorIdentity.Last4(body.DocumentNumber), identity.Hash(body.DocumentNumber));
        }
        string? gateId = null;
        if (kind == Registration.WalkIn && !string.IsNullOrWhiteSpace(body?.GateId))
        {
            if (campus.Gates.FirstOrDefault(g => g.Id == body.GateId) is null) errors["gateId"] = [$"'{Clip(body.GateId)}' is not a gate of {campusId}"];
            else gateId = body.GateId;
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var commandName = kind switch { Registration.WalkIn => "walk-in", Registration.GuardianRequest => "request-visit", _ => "register-visit" };
        // The body's fingerprint, without the document number: it is never stored, not even hashed in the key table.
        var command = new OperatorApi.Command(user.UserName, commandName, IdempotencyKeys.Fingerprint(request.Path, body! with { DocumentNumber = hash }));
        var key = OperatorApi.KeyOf(request);
        var code = identity.NewCode(key is null ? null : $"{user.UserName}\n{commandName}\n{key}");
        var details = new VisitDetails(visitorName!, phone!, purpose!, hostKind, hostId!, hostName!, arrival!.Value, departure!.Value, companions, plate, last4, hash,
            kind == Registration.WalkIn, user.UserName, studentId);
        object[] messages = kind == Registration.WalkIn
            ? [new RegisterVisit(details, campus.Rules, Approved: true), new CheckInVisitor(gateId, user.UserName)]
            : [new RegisterVisit(details, campus.Rules, Approved: kind == Registration.Staff)];
        var (result, outcome) = await OperatorApi.AppendAsync(entities, database, clock, request, command, CampusIds.Visit(campusId, code), messages, code, ct);
        audit.Record(user, commandName, campusId, "visit:" + code, outcome,
            $"{visitorName} to {hostKind.ToString().ToLowerInvariant()} {hostId}, {arrival:O}..{departure:O}" + (last4 is null ? "" : $", document …{last4}"));
        return result;
    }

    public async Task<IResult> DecideAsync(string campusId, string code, bool approve, VisitorApi.DeclineRequest? body, HttpRequest request, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        var errors = OperatorApi.KeyErrors(request);
        var reason = approve ? null : Text(errors, "reason", body?.Reason, OperatorApi.MaxTextLength, required: true);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (!user.HasCampus(campusId) || !VisitCodes.IsWellFormed(code)
            || await view.VisitFreshAsync(campusId, code, v => v.Status == VisitStatus.Requested, ct) is not { } visit) return VisitorApi.UnknownVisit(campusId, code);
        if (visit.Status != VisitStatus.Requested)
            return TypedResults.Problem($"The visit is {WireName.Of(visit.Status)}, not a request waiting for a decision.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to decide");
        var name = approve ? "approve-visit" : "decline-visit";
        var command = new OperatorApi.Command(user.UserName, name, IdempotencyKeys.Fingerprint(request.Path, body));
        object message = approve ? new ApproveVisit(user.UserName) : new DeclineVisit(user.UserName, reason!);
        var (result, outcome) = await OperatorApi.AppendAsync(entities, database, clock, request, command, CampusIds.Visit(campusId, code), [message], code, ct);
        audit.Record(user, name, campusId, "visit:" + code, outcome, reason);
        return result;
    }

    /// <summary>
    /// Check-in or check-out by the guard. The guard sees at once what a kiosk would alert about: a
    /// visit already checked in, or not approved, is answered 409 with the reason (a device
    /// presenting such a code raises visit-code-reused or visit-code-invalid instead).
    /// </summary>
    public async Task<IResult> PassAsync(string campusId, string code, bool checkIn, VisitorApi.GateRequest? body, HttpRequest request, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        var errors = OperatorApi.KeyErrors(request);
        if (directory.Find(campusId) is not { } campus || !user.HasCampus(campusId)) return VisitorApi.UnknownCampus(campusId);
        if (!string.IsNullOrWhiteSpace(body?.GateId) && campus.Gates.FirstOrDefault(g => g.Id == body.GateId) is null)
            errors["gateId"] = [$"'{Clip(body.GateId)}' is not a gate of {campusId}"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        code = VisitCodes.Normalize(code);
        var rules = campus.Rules;
        var today = rules.LocalDate(clock.GetUtcNow());
        string? Conflict(VisitChanged visit) => (checkIn, visit.Status) switch
        {
            (true, VisitStatus.OnCampus) => $"already checked in at {rules.LocalTime(visit.CheckedInAt!.Value):HH:mm}",
            (true, VisitStatus.Left) => $"already used: checked out at {rules.LocalTime(visit.CheckedOutAt!.Value):HH:mm}",
            (true, VisitStatus.Requested) => "not approved yet",
            (true, VisitStatus.Declined) => "declined",
            (true, VisitStatus.Expected) when today < rules.LocalDate(visit.ExpectedArrival) || today > rules.LocalDate(visit.ExpectedDeparture) =>
                $"expected on {rules.LocalDate(visit.ExpectedArrival):yyyy-MM-dd}",
            (false, not VisitStatus.OnCampus) => "not on campus",
            _ => null,
        };
        if (!VisitCodes.IsWellFormed(code) || await view.VisitFreshAsync(campusId, code, v => Conflict(v) is null, ct) is not { } visit) return VisitorApi.UnknownVisit(campusId, code);
        var conflict = Conflict(visit);
        if (conflict is not null)
            return TypedResults.Problem($"Visit {code} of {visit.VisitorName}: {conflict}.", statusCode: StatusCodes.Status409Conflict,
                title: checkIn ? "Cannot check in" : "Cannot check out");
        var name = checkIn ? "check-in-visitor" : "check-out-visitor";
        var command = new OperatorApi.Command(user.UserName, name, IdempotencyKeys.Fingerprint(request.Path, body));
        object message = checkIn ? new CheckInVisitor(body?.GateId, user.UserName) : new CheckOutVisitor(body?.GateId, user.UserName);
        var (result, outcome) = await OperatorApi.AppendAsync(entities, database, clock, request, command, CampusIds.Visit(campusId, code), [message], code, ct);
        audit.Record(user, name, campusId, "visit:" + code, outcome, body?.GateId);
        return result;
    }

    public async Task<IResult> WatchAsync(string campusId, VisitorApi.WatchRequest? body, HttpRequest request, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is null || !user.HasCampus(campusId)) return VisitorApi.UnknownCampus(campusId);
        var errors = OperatorApi.KeyErrors(request);
        var reason = Text(errors, "reason", body?.Reason, OperatorApi.MaxTextLength, required: true);
        AddWatchEntry? entry = null;
        var entryId = "W-" + (OperatorApi.KeyOf(request) is { } key ? IdempotencyKeys.Derive(user.UserName, "watch", key) : Guid.NewGuid().ToString("N")[..12]);
        switch (body?.Kind)
        {
            case "document":
                var name = Text(errors, "name", body.Name, MaxNameLength, required: true);
                if (string.IsNullOrWhiteSpace(body.DocumentNumber)) errors["documentNumber"] = ["is required for a document entry"];
                else if (VisitorIdentity.DocumentError(body.DocumentNumber) is { } documentError) errors["documentNumber"] = [documentError];
                else if (name is not null && reason is not null)
                    entry = new AddWatchEntry(entryId, WatchKind.Document, identity.Hash(body.DocumentNumber), $"{name} (…{VisitorIdentity.Last4(body.DocumentNumber)})", reason, user.UserName);
                break;
            case "plate":
                if (Plates.Error(body.Plate) is { } plateError) errors["plate"] = [plateError];
                else if (reason is not null)
                    entry = new AddWatchEntry(entryId, WatchKind.Plate, Plates.Normalize(body.Plate!), Plates.Normalize(body.Plate!), reason, user.UserName);
                break;
            default:
                errors["kind"] = ["is required: document or plate"];
                break;
        }
        if (errors.Count > 0 || entry is null) return TypedResults.ValidationProblem(errors);
        var command = new OperatorApi.Command(user.UserName, "watch", IdempotencyKeys.Fingerprint(request.Path, body! with { DocumentNumber = entry.Kind == WatchKind.Document ? entry.Value : null }));
        var (result, outcome) = await OperatorApi.AppendAsync(entities, database, clock, request, command, CampusIds.WatchList(campusId), [entry], entryId, ct);
        audit.Record(user, "watch", campusId, "watch-list:" + entryId, outcome, $"{entry.Label}: {reason}");
        return result;
    }

    public async Task<IResult> UnwatchAsync(string campusId, string entryId, HttpRequest request, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = CampusUser.From(principal)!;
        if (directory.Find(campusId) is null || !user.HasCampus(campusId)) return VisitorApi.UnknownCampus(campusId);
        var errors = OperatorApi.KeyErrors(request);
        if (DeviceEventParser.IdError(entryId) is { } idError) errors["entryId"] = [idError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if ((await view.WatchListAsync(campusId, ct)).All(w => w.EntryId != entryId))
            return TypedResults.Problem($"No watch-list entry '{entryId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown entry");
        var command = new OperatorApi.Command(user.UserName, "unwatch", IdempotencyKeys.Fingerprint(request.Path, entryId));
        var (result, outcome) = await OperatorApi.AppendAsync(entities, database, clock, request, command, CampusIds.WatchList(campusId), [new RemoveWatchEntry(entryId, user.UserName)], entryId, ct);
        audit.Record(user, "unwatch", campusId, "watch-list:" + entryId, outcome, null);
        return result;
    }

    private static string? Text(Dictionary<string, string[]> errors, string field, string? text, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors[field] = ["is required"];
            return null;
        }
        text = text.Trim();
        if (text.Length > maxLength) errors[field] = [$"must be at most {maxLength:N0} characters"];
        else if (text.Any(char.IsControl)) errors[field] = ["may not hold control characters"];
        else return text;
        return null;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
