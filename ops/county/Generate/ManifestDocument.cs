using System.Text.Json;
using System.Text.Json.Serialization;

namespace Campus.County.Generate;

/// <summary>
/// The JSON shape of a campus manifest (docs/campus-manifest.md), field for field in the demo's
/// order. Times, dates and durations are the manifest's own text (<c>"21:30"</c>, <c>"00:05:00"</c>).
/// </summary>
public sealed record ManifestDocument(
    string CampusId,
    string Name,
    string TimeZone,
    CalendarDocument Calendar,
    TimesDocument Times,
    IReadOnlyList<PeriodDocument> Periods,
    RulesDocument Rules,
    IReadOnlyDictionary<string, IReadOnlyList<EscalationStepDocument>> Escalation,
    IReadOnlyList<GateDocument> Gates,
    IReadOnlyList<DormDocument> Dorms,
    IReadOnlyList<ClassroomDocument> Classrooms,
    IReadOnlyList<ZoneDocument> Zones,
    IReadOnlyList<DeviceDocument> Devices,
    string Roster)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The manifest as indented JSON (two spaces, as <c>ops/demo/campus.json</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";
}

public sealed record CalendarDocument(string TermStart, string TermEnd, IReadOnlyList<string> SchoolWeekdays, IReadOnlyList<string> Holidays, IReadOnlyList<string> MakeUpDays);

public sealed record TimesDocument(string SchoolStart, string ArrivalDeadline, string Dismissal);

public sealed record PeriodDocument(int Number, string Start, string End);

public sealed record RulesDocument(string BoardingUnseenAfter, string ClassCheckInGrace, string NoticeDebounce, string StaleAfter, string ReminderInterval);

public sealed record EscalationStepDocument(string Role, string After);

public sealed record GateDocument(string Id, string Name);

public sealed record DormDocument(string Id, string Name, string Curfew, string WakeUp, string RollCall);

public sealed record ClassroomDocument(string Id, string Name, string Grade);

public sealed record ZoneDocument(string Id, string Name, string Kind, string? OpenFrom = null, string? OpenTo = null);

public sealed record DeviceDocument(string Id, string Kind, string Location, string Heartbeat, string? ActiveFrom = null, string? ActiveTo = null);
