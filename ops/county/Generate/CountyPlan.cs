namespace Campus.County.Generate;

/// <summary>
/// The county's 120 schools and exactly 37,051 students: many small village primaries, town
/// primaries, nine-year and junior middle schools, a few big senior highs, vocational schools and
/// one special education school. Deterministic: the same plan on every run.
/// </summary>
public static class CountyPlan
{
    public const int TotalStudents = 37_051;

    public const int SchoolCount = 120;

    /// <summary>The biggest school (the county's No. 1 High School) and the smallest village school, fixed so the range is what the issue asks.</summary>
    private const int Biggest = 1_200;

    private const int Smallest = 60;

    /// <summary>How many schools of each stage and the range their sizes are drawn from (before the total is made exact).</summary>
    private static readonly (Stage Stage, int Count, int Min, int Max)[] Mix =
    [
        (Stage.SeniorHigh, 8, 820, 1_180),
        (Stage.Vocational, 3, 380, 700),
        (Stage.JuniorMiddle, 22, 280, 600),
        (Stage.NineYear, 12, 240, 560),
        (Stage.TownPrimary, 30, 170, 450),
        (Stage.VillagePrimary, 44, 55, 165),
        (Stage.SpecialEducation, 1, 60, 90),
    ];

    public static IReadOnlyList<SchoolProfile> Create()
    {
        var rng = new Lcg(20261126);
        var places = Names.Places(rng, 30 + 44);
        var towns = places[..30];
        var villages = places[30..];
        var drafts = new List<Draft>();
        foreach (var (stage, count, min, max) in Mix)
        {
            for (var i = 0; i < count; i++)
            {
                var (mode, percent) = Boarding(stage, i, rng);
                drafts.Add(new Draft(stage, i, Name(stage, i, towns, villages), mode, percent, rng.Between(min, max)));
            }
        }
        // The first senior high and the smallest village school are the anchors of the range.
        drafts.First(d => d.Stage == Stage.SeniorHigh).Size = Biggest;
        drafts.First(d => d.Stage == Stage.VillagePrimary).Size = Smallest;
        MakeTotalExact(drafts);

        // Campus ids in a shuffled order, so the first twenty campuses are a fair sample of the county.
        for (var i = drafts.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (drafts[i], drafts[j]) = (drafts[j], drafts[i]);
        }
        return [.. drafts.Select((d, i) => new SchoolProfile(i + 1, d.Name, d.Stage, d.Mode, d.Size, d.Percent, 20260901u + (uint)i * 7919u))];
    }

    /// <summary>
    /// Scales every size but the anchors so the county adds up to <see cref="TotalStudents"/>, then
    /// moves the rounding remainder one student at a time onto the larger schools.
    /// </summary>
    private static void MakeTotalExact(List<Draft> drafts)
    {
        var anchors = drafts.Where(d => d.Size is Biggest or Smallest).ToList();
        var scaled = drafts.Except(anchors).ToList();
        var room = TotalStudents - anchors.Sum(d => d.Size);
        var factor = room / (double)scaled.Sum(d => d.Size);
        foreach (var draft in scaled) draft.Size = Math.Clamp((int)Math.Round(draft.Size * factor), Smallest - 5, Biggest - 10);
        var remainder = room - scaled.Sum(d => d.Size);
        var order = scaled.OrderByDescending(d => d.Size).ToList();
        for (var i = 0; remainder != 0; i = (i + 1) % order.Count)
        {
            var step = Math.Sign(remainder);
            order[i].Size += step;
            remainder -= step;
        }
    }

    private static (BoardingMode Mode, int Percent) Boarding(Stage stage, int index, Lcg rng) => stage switch
    {
        Stage.VillagePrimary when index % 6 == 2 => (BoardingMode.Mixed, rng.Between(25, 45)),
        Stage.TownPrimary when index % 7 == 3 => (BoardingMode.Mixed, rng.Between(20, 35)),
        Stage.VillagePrimary or Stage.TownPrimary => (BoardingMode.Day, 0),
        Stage.NineYear => (BoardingMode.Mixed, rng.Between(35, 60)),
        Stage.JuniorMiddle when index % 2 == 0 => (BoardingMode.Mixed, rng.Between(50, 75)),
        Stage.SeniorHigh when index is 3 or 6 => (BoardingMode.Mixed, rng.Between(80, 90)),
        _ => (BoardingMode.Boarding, 100),
    };

    private static string Name(Stage stage, int index, List<string> towns, List<string> villages) => stage switch
    {
        Stage.SeniorHigh => index switch
        {
            0 => $"{Names.County} No. 1 High School",
            1 => $"{Names.County} Experimental High School",
            _ => $"{towns[index]} High School",
        },
        Stage.Vocational => index switch
        {
            0 => $"{Names.County} Vocational Secondary School",
            1 => $"{Names.County} Technical School",
            _ => $"{towns[index]} Agricultural Vocational School",
        },
        Stage.JuniorMiddle => index < 16 ? $"{towns[index + 2]} Town Middle School" : $"{Names.County} No. {index - 14} Middle School",
        Stage.NineYear => $"{towns[index + 18]} Nine-Year School",
        Stage.TownPrimary => $"{towns[index]} Central Primary School",
        Stage.SpecialEducation => $"{Names.County} Special Education School",
        _ => $"{villages[index]} Village Primary School",
    };

    private sealed class Draft(Stage stage, int index, string name, BoardingMode mode, int percent, int size)
    {
        public Stage Stage { get; } = stage;
        public int Index { get; } = index;
        public string Name { get; } = name;
        public BoardingMode Mode { get; } = mode;
        public int Percent { get; } = percent;
        public int Size { get; set; } = size;
    }
}
