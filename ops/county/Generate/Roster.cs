using System.Text;

namespace Campus.County.Generate;

/// <summary>A student of a generated school; <see cref="DormId"/> is set once the dorms are planned.</summary>
public sealed record Pupil(string Id, string Name, int Grade, string ClassId, bool Girl, bool Boarding, IReadOnlyList<Guardian> Guardians)
{
    public string? DormId { get; set; }
}

/// <summary>A guardian as the roster names them: id, name, phone and the notices they want.</summary>
public sealed record Guardian(string Id, string Name, string Contact, string Notices);

/// <summary>Writes a roster CSV in the demo's format: one row per guardian, the student's fields repeated.</summary>
public static class Roster
{
    public const string Header = "student_id,name,grade,class_id,boarding,dorm_id,guardian_id,guardian_name,guardian_contact,guardian_notices";

    /// <summary>(notices, weight): most guardians want everything; some a subset; a few none (as make-roster.py).</summary>
    public static readonly (string Value, int Weight)[] Notices =
    [
        ("all", 10), ("arrival;departure", 4), ("dorm-check-in", 2), ("departure", 2), ("none", 1), ("arrival;dorm-check-in", 1),
    ];

    public static string Csv(IEnumerable<Pupil> pupils)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var pupil in pupils)
        {
            foreach (var guardian in pupil.Guardians)
            {
                string[] fields =
                [
                    pupil.Id, pupil.Name, pupil.Grade.ToString(System.Globalization.CultureInfo.InvariantCulture), pupil.ClassId,
                    pupil.Boarding ? "yes" : "no", pupil.DormId ?? "",
                    guardian.Id, guardian.Name, guardian.Contact, guardian.Notices,
                ];
                text.AppendJoin(',', fields.Select(Quote)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>Standard CSV quoting, only where a field needs it (none of the invented names do).</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
