namespace Campus.County.Generate;

/// <summary>The kind of school: which grades it teaches and how its day runs.</summary>
public enum Stage
{
    /// <summary>A village primary school: grades 1-6, one small class per grade.</summary>
    VillagePrimary,

    /// <summary>A town's central primary school: grades 1-6.</summary>
    TownPrimary,

    /// <summary>Primary and junior middle together: grades 1-9.</summary>
    NineYear,

    /// <summary>Junior middle school: grades 7-9.</summary>
    JuniorMiddle,

    /// <summary>Senior high school: grades 10-12.</summary>
    SeniorHigh,

    /// <summary>Vocational secondary school: grades 10-12.</summary>
    Vocational,

    /// <summary>The county's special education school: grades 1-9, small classes, boarding.</summary>
    SpecialEducation,
}

/// <summary>Who sleeps at school.</summary>
public enum BoardingMode
{
    /// <summary>No dorms, no boarders.</summary>
    Day,

    /// <summary>Some students board (<see cref="SchoolProfile.BoardingPercent"/>), the rest go home.</summary>
    Mixed,

    /// <summary>Every student boards.</summary>
    Boarding,
}

/// <summary>One school of the county before its layout is drawn: what it is, how big, who boards.</summary>
/// <param name="Seed">Seeds the school's own sequence, so its roster does not depend on the others'.</param>
public sealed record SchoolProfile(int Number, string Name, Stage Stage, BoardingMode Mode, int Students, int BoardingPercent, uint Seed)
{
    /// <summary>The campus id: <c>c001</c> ... <c>c120</c>.</summary>
    public string CampusId => $"c{Number:000}";

    /// <summary>The grades taught, youngest first.</summary>
    public IReadOnlyList<int> Grades => Stage switch
    {
        Stage.VillagePrimary or Stage.TownPrimary => [1, 2, 3, 4, 5, 6],
        Stage.NineYear or Stage.SpecialEducation => [1, 2, 3, 4, 5, 6, 7, 8, 9],
        Stage.JuniorMiddle => [7, 8, 9],
        _ => [10, 11, 12],
    };

    /// <summary>Classes per grade: village and special schools have one; the others aim at their stage's usual class size.</summary>
    public int ClassesPerGrade => Stage switch
    {
        Stage.VillagePrimary or Stage.SpecialEducation => 1,
        _ => Math.Max(1, (int)Math.Round(Students / (double)Grades.Count / TargetClassSize)),
    };

    private int TargetClassSize => Stage switch
    {
        Stage.TownPrimary or Stage.NineYear or Stage.Vocational => 40,
        Stage.JuniorMiddle => 45,
        _ => 50,
    };
}
