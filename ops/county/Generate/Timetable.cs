namespace Campus.County.Generate;

/// <summary>
/// A stage's school day. Every timetable starts period 1 at 08:00 and keeps the demo's morning
/// (school start 07:30, arrival deadline 07:50), because the traffic model brings day students in
/// between 07:05 and 07:45 and late ones around 08:10: an earlier first period would turn the
/// model's punctual arrivals into missed check-ins.
/// </summary>
public sealed record Timetable(IReadOnlyList<PeriodDocument> Periods, string Dismissal)
{
    public const string SchoolStart = "07:30";

    public const string ArrivalDeadline = "07:50";

    /// <summary>Seven periods of 40 minutes, a long lunch break, home at 16:30.</summary>
    private static readonly Timetable Primary = Of("16:30",
        ("08:00", "08:40"), ("08:50", "09:30"), ("09:50", "10:30"), ("10:40", "11:20"),
        ("14:00", "14:40"), ("14:50", "15:30"), ("15:40", "16:20"));

    /// <summary>The demo campus's eight periods, home at 17:00.</summary>
    private static readonly Timetable Middle = Of("17:00",
        ("08:00", "08:40"), ("08:50", "09:30"), ("09:50", "10:30"), ("10:40", "11:20"),
        ("13:30", "14:10"), ("14:20", "15:00"), ("15:20", "16:00"), ("16:10", "16:50"));

    /// <summary>Eight periods of 45 minutes, home at 17:40.</summary>
    private static readonly Timetable Senior = Of("17:40",
        ("08:00", "08:45"), ("08:55", "09:40"), ("10:00", "10:45"), ("10:55", "11:40"),
        ("14:00", "14:45"), ("14:55", "15:40"), ("15:50", "16:35"), ("16:45", "17:30"));

    public static Timetable For(Stage stage) => stage switch
    {
        Stage.VillagePrimary or Stage.TownPrimary or Stage.SpecialEducation => Primary,
        Stage.SeniorHigh or Stage.Vocational => Senior,
        _ => Middle,
    };

    private static Timetable Of(string dismissal, params (string Start, string End)[] periods) =>
        new([.. periods.Select((p, i) => new PeriodDocument(i + 1, p.Start, p.End))], dismissal);
}
