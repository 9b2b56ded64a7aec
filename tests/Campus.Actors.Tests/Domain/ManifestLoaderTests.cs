using System.Text.Json;
using System.Text.Json.Nodes;
using Campus.Actors.Alerts;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

public sealed class ManifestLoaderTests
{
    /// <summary>The test campus (<see cref="TestCampus.Manifest"/>) written as a manifest document.</summary>
    private const string TestManifestJson = """
        {
          "campusId": "test",
          "name": "Test Middle School",
          "timeZone": "Asia/Shanghai",
          "calendar": { "termStart": "2026-09-01", "termEnd": "2027-01-22", "holidays": ["2026-11-27"], "makeUpDays": ["2026-11-28"] },
          "periods": [
            { "number": 1, "start": "08:00", "end": "08:45" },
            { "number": 2, "start": "08:55", "end": "09:40" },
            { "number": 3, "start": "10:00", "end": "10:45" },
            { "number": 4, "start": "10:55", "end": "11:40" },
            { "number": 5, "start": "14:00", "end": "14:45" },
            { "number": 6, "start": "14:55", "end": "15:40" }
          ],
          "gates": [ { "id": "gate-n", "name": "North Gate" }, { "id": "gate-s", "name": "South Gate" } ],
          "dorms": [
            { "id": "dorm-a", "name": "Plum House", "curfew": "21:30", "wakeUp": "06:00", "rollCall": "21:40" },
            { "id": "dorm-b", "name": "Bamboo House", "curfew": "22:00", "wakeUp": "06:00", "rollCall": "22:10" }
          ],
          "classrooms": [ { "id": "c7-1", "name": "Grade 7 Class 1", "grade": "7" }, { "id": "c7-2", "name": "Grade 7 Class 2", "grade": "7" } ],
          "zones": [
            { "id": "pond", "name": "Lotus Pond", "kind": "hazard" },
            { "id": "rooftop", "name": "Science Block Rooftop", "kind": "hazard" },
            { "id": "lab", "name": "Chemistry Lab", "kind": "restricted", "openFrom": "08:00", "openTo": "17:00" },
            { "id": "playground", "name": "Playground", "kind": "normal" }
          ],
          "devices": [
            { "id": "gate-n-reader", "kind": "gate-reader", "location": "gate-n", "heartbeat": "00:01:00" },
            { "id": "gate-s-reader", "kind": "gate-reader", "location": "gate-s", "heartbeat": "00:01:00" },
            { "id": "dorm-a-reader", "kind": "dorm-reader", "location": "dorm-a", "heartbeat": "00:01:00" },
            { "id": "dorm-b-reader", "kind": "dorm-reader", "location": "dorm-b", "heartbeat": "00:01:00" },
            { "id": "c7-1-board", "kind": "class-board", "location": "c7-1", "heartbeat": "00:05:00", "activeFrom": "07:00", "activeTo": "17:00" },
            { "id": "c7-2-board", "kind": "class-board", "location": "c7-2", "heartbeat": "00:05:00", "activeFrom": "07:00", "activeTo": "17:00" },
            { "id": "cam-pond", "kind": "camera", "location": "pond", "heartbeat": "00:01:00" },
            { "id": "cam-rooftop", "kind": "camera", "location": "rooftop", "heartbeat": "00:01:00" },
            { "id": "cam-lab", "kind": "camera", "location": "lab", "heartbeat": "00:01:00" },
            { "id": "cam-playground", "kind": "camera", "location": "playground", "heartbeat": "00:01:00" },
            { "id": "panic-gate-n", "kind": "panic-button", "location": "gate-n", "heartbeat": "01:00:00" }
          ],
          "roster": "roster.csv"
        }
        """;

    private const string TestRosterCsv = """
        student_id,name,grade,class_id,boarding,dorm_id,guardian_id,guardian_name,guardian_contact,guardian_notices
        S1001,Li Wei,7,c7-1,yes,dorm-a,G1001,Li Na,+86 138 0000 1001,all
        S1002,Wang Fang,7,c7-1,no,,G1002,Wang Lei,+86 138 0000 1002,arrival;departure
        S1003,Zhang Min,7,c7-2,yes,dorm-a,G1003,Zhang Hua,+86 138 0000 1003,dorm-check-in
        S1004,Chen Jie,7,c7-2,yes,dorm-b,G1004,Chen Gang,+86 138 0000 1004,all
        S1005,Liu Yang,7,c7-2,no,,G1005,Liu Qiang,+86 138 0000 1005,none
        """;

    private static readonly JsonSerializerOptions Json = CampusCodec.Create().JsonOptions;

    /// <summary>Loads the test manifest after <paramref name="change"/> edits its JSON.</summary>
    private static ManifestLoadResult LoadChanged(Action<JsonNode> change, string roster = TestRosterCsv)
    {
        var node = JsonNode.Parse(TestManifestJson)!;
        change(node);
        return ManifestLoader.Load(node.ToJsonString(), roster);
    }

    private static List<string> ErrorsOf(ManifestLoadResult result)
    {
        Assert.Null(result.Manifest);
        return [.. result.Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal)];
    }

    private static void AssertErrors(ManifestLoadResult result, params string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), ErrorsOf(result));

    [Fact]
    public void The_test_campus_manifest_and_roster_load_into_the_test_campus()
    {
        var result = ManifestLoader.Load(TestManifestJson, TestRosterCsv);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(JsonSerializer.Serialize(TestCampus.Manifest(), Json), JsonSerializer.Serialize(result.Manifest, Json));
    }

    [Fact]
    public void Omitted_rules_and_times_take_the_campus_rules_defaults()
    {
        var rules = ManifestLoader.Load(TestManifestJson, TestRosterCsv).Manifest!.Rules;

        var defaults = new CampusRules { CampusId = "test", Calendar = rules.Calendar };
        Assert.Equal((defaults.SchoolStart, defaults.ArrivalDeadline, defaults.Dismissal), (rules.SchoolStart, rules.ArrivalDeadline, rules.Dismissal));
        Assert.Equal((defaults.BoardingUnseenAfter, defaults.ClassCheckInGrace, defaults.NoticeDebounce, defaults.StaleAfter, defaults.ReminderInterval),
            (rules.BoardingUnseenAfter, rules.ClassCheckInGrace, rules.NoticeDebounce, rules.StaleAfter, rules.ReminderInterval));
        Assert.Equal(defaults.DefaultEscalation.ToArray(), rules.DefaultEscalation);
        Assert.Empty(rules.Escalation);
    }

    [Fact]
    public void Given_times_rules_and_escalation_replace_the_defaults()
    {
        var result = LoadChanged(m =>
        {
            m["times"] = new JsonObject { ["arrivalDeadline"] = "07:45" };
            m["rules"] = new JsonObject { ["staleAfter"] = "01:30:00" };
            m["escalation"] = JsonNode.Parse("""{ "sos": [ { "role": "security", "after": "00:00:00" }, { "role": "principal", "after": "00:02:00" } ] }""");
        });

        var rules = result.Manifest!.Rules;
        Assert.Equal(new TimeOnly(7, 45), rules.ArrivalDeadline);
        Assert.Equal(TimeSpan.FromMinutes(90), rules.StaleAfter);
        Assert.Equal(new[] { new EscalationStep("security", TimeSpan.Zero), new EscalationStep("principal", TimeSpan.FromMinutes(2)) }, rules.EscalationFor(AlertKind.Sos));
        Assert.Equal(rules.DefaultEscalation.ToArray(), rules.EscalationFor(AlertKind.Intruder));
    }

    [Fact]
    public void A_holiday_range_covers_every_day_from_its_first_to_its_last()
    {
        var result = LoadChanged(m => m["calendar"]!["holidays"] = new JsonArray("2026-10-01..2026-10-03", "2027-01-01"));

        Assert.Equal(new DateOnly[] { new(2026, 10, 1), new(2026, 10, 2), new(2026, 10, 3), new(2027, 1, 1) }, result.Manifest!.Rules.Calendar.Holidays);
    }

    [Fact]
    public void Two_roster_rows_for_one_student_give_that_student_two_guardians()
    {
        var roster = TestRosterCsv + "\nS1001,Li Wei,7,c7-1,yes,dorm-a,G1001-2,Li Jun,+86 138 0000 2001,departure";

        var student = ManifestLoader.Load(TestManifestJson, roster).Manifest!.Students.Single(s => s.Id == "S1001");

        Assert.Equal(
            new[] { new GuardianInfo("G1001", "Li Na", "+86 138 0000 1001"), new GuardianInfo("G1001-2", "Li Jun", "+86 138 0000 2001", NoticePreferences.Departure) },
            student.Guardians);
    }

    [Fact]
    public void Inline_students_are_added_after_the_roster_students()
    {
        var result = LoadChanged(m => m["students"] = JsonNode.Parse("""
            [ { "id": "S2001", "name": "Sun Yue", "grade": "7", "classId": "c7-1", "boarding": true, "dormId": "dorm-b",
                "guardians": [ { "id": "G2001", "name": "Sun Hua", "contact": "+86 138 0000 2001", "notices": ["arrival"] } ] } ]
            """));

        var student = result.Manifest!.Students[^1];
        Assert.Equal(6, result.Manifest.Students.Length);
        Assert.Equal(("S2001", true, "dorm-b"), (student.Id, student.Boarding, student.DormId));
        Assert.Equal(new GuardianInfo("G2001", "Sun Hua", "+86 138 0000 2001", NoticePreferences.Arrival), student.Guardians.Single());
    }

    [Fact]
    public void Malformed_json_is_reported_on_the_document_with_its_line()
    {
        var result = ManifestLoader.Load("{\n  \"campusId\": \"test\",\n  \"name\": oops\n}", null);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Field);
        Assert.StartsWith("is not valid JSON (line 3,", error.Reason, StringComparison.Ordinal);
        Assert.Null(result.Manifest);
    }

    [Fact]
    public void Missing_required_fields_are_each_reported_with_their_path()
    {
        var result = LoadChanged(m =>
        {
            m.AsObject().Remove("campusId");
            m["dorms"]![0]!.AsObject().Remove("curfew");
            m["devices"]![2]!.AsObject().Remove("heartbeat");
            m["calendar"]!.AsObject().Remove("termEnd");
        });

        AssertErrors(result,
            "campusId: is required",
            "dorms[0].curfew: is required",
            "devices[2].heartbeat: is required",
            "calendar.termEnd: is required");
    }

    [Fact]
    public void Malformed_values_are_reported_with_the_value_and_the_expected_format()
    {
        var result = LoadChanged(m =>
        {
            m["dorms"]![1]!["curfew"] = "25:00";
            m["devices"]![0]!["heartbeat"] = "soon";
            m["devices"]![1]!["kind"] = "turnstile";
            m["zones"]![0]!["kind"] = "scary";
            m["calendar"]!["termStart"] = "2026/09/01";
            m["periods"]![0]!["number"] = "one";
        });

        AssertErrors(result,
            "dorms[1].curfew: \"25:00\" is not a time (HH:mm)",
            "devices[0].heartbeat: \"soon\" is not a duration (hh:mm:ss)",
            "devices[1].kind: \"turnstile\" is not one of camera, class-board, dorm-reader, gate-reader, panic-button, plate-camera, visitor-kiosk",
            "zones[0].kind: \"scary\" is not one of hazard, normal, restricted",
            "calendar.termStart: \"2026/09/01\" is not a date (yyyy-MM-dd)",
            "periods[0].number: expected a whole number, got \"one\"");
    }

    [Fact]
    public void An_unknown_time_zone_is_reported()
    {
        var result = LoadChanged(m => m["timeZone"] = "Mars/Olympus");

        AssertErrors(result, "timeZone: \"Mars/Olympus\" is not a known time zone (IANA id, e.g. Asia/Shanghai)");
    }

    [Fact]
    public void Duplicate_ids_are_reported_within_a_kind_but_not_across_kinds()
    {
        var result = LoadChanged(m =>
        {
            m["gates"]![1]!["id"] = "gate-n";
            m["zones"]![3]!["id"] = "gate-s";
            m["devices"]![1]!["location"] = "gate-n";
            m["devices"]![9]!["location"] = "gate-s";
        });

        AssertErrors(result, "gates[1].id: \"gate-n\" is a duplicate gate id (first at gates[0].id)");
    }

    [Fact]
    public void References_to_unknown_places_and_students_are_reported()
    {
        var result = LoadChanged(m =>
        {
            m["devices"]![0]!["location"] = "gate-x";
            m["devices"]![6]!["location"] = "dorm-a";
            m["leaves"] = JsonNode.Parse("""
                [ { "leaveId": "L1", "studentId": "S9999", "from": "2026-11-20T16:30:00+08:00", "to": "2026-11-22T18:00:00+08:00", "reason": "Family", "approvedBy": "Teacher Zhou" } ]
                """);
        }, TestRosterCsv.Replace("S1002,Wang Fang,7,c7-1", "S1002,Wang Fang,7,c9-9", StringComparison.Ordinal));

        AssertErrors(result,
            "devices[0].location: \"gate-x\" is not a gate",
            "devices[6].location: \"dorm-a\" is not a zone",
            "leaves[0].studentId: \"S9999\" is not a student on the roster",
            "roster.csv line 3 (class_id): \"c9-9\" is not a classroom");
    }

    [Fact]
    public void A_boarding_student_without_a_dorm_is_reported()
    {
        var result = ManifestLoader.Load(TestManifestJson, TestRosterCsv.Replace("S1004,Chen Jie,7,c7-2,yes,dorm-b", "S1004,Chen Jie,7,c7-2,yes,", StringComparison.Ordinal));

        AssertErrors(result, "roster.csv line 5 (dorm_id): is required for boarding student S1004");
    }

    [Fact]
    public void Ranges_that_end_before_they_start_are_reported()
    {
        var result = LoadChanged(m =>
        {
            m["calendar"]!["termEnd"] = "2026-08-01";
            m["periods"]![1]!["end"] = "08:30";
            m["leaves"] = JsonNode.Parse("""
                [ { "leaveId": "L1", "studentId": "S1001", "from": "2026-11-20T16:30:00+08:00", "to": "2026-11-20T08:00:00+08:00", "reason": "Family", "approvedBy": "Teacher Zhou" } ]
                """);
        });

        AssertErrors(result,
            "calendar.termEnd: 2026-08-01 is before termStart 2026-09-01",
            "periods[1].end: \"08:30\" is not after start \"08:55\"",
            "leaves[0].to: 2026-11-20T08:00:00+08:00 is not after from 2026-11-20T16:30:00+08:00");
    }

    [Fact]
    public void A_heartbeat_of_zero_is_reported()
    {
        var result = LoadChanged(m => m["devices"]![10]!["heartbeat"] = "00:00:00");

        AssertErrors(result, "devices[10].heartbeat: must be longer than zero");
    }

    [Fact]
    public void Issue13_a_device_may_raise_sos_as_its_kind_says_unless_the_manifest_says_otherwise()
    {
        var result = LoadChanged(m =>
        {
            m["devices"]![0]!["sos"] = true;
            m["devices"]![10]!["sos"] = false;
        });

        var devices = result.Manifest!.Devices;
        Assert.Equal([true, false], new[] { devices[0], devices[10] }.Select(DeviceInfo.RaisesSos));
        Assert.Equal(["panic-gate-n"], ManifestLoader.Load(TestManifestJson, TestRosterCsv).Manifest!.Devices.Where(DeviceInfo.RaisesSos).Select(d => d.Id));
        AssertErrors(LoadChanged(m => m["devices"]![0]!["sos"] = "yes"), "devices[0].sos: expected true or false, got \"yes\"");
    }

    [Fact]
    public void A_leave_instant_without_an_offset_is_reported()
    {
        var result = LoadChanged(m => m["leaves"] = JsonNode.Parse("""
            [ { "leaveId": "L1", "studentId": "S1001", "from": "2026-11-20T16:30:00", "to": "2026-11-22T18:00:00+08:00", "reason": "Family", "approvedBy": "Teacher Zhou" } ]
            """));

        AssertErrors(result, "leaves[0].from: \"2026-11-20T16:30:00\" is not an instant (ISO 8601 with offset, e.g. 2026-11-20T16:30:00+08:00)");
    }

    [Fact]
    public void An_escalation_for_an_unknown_alert_kind_or_with_steps_out_of_order_is_reported()
    {
        var result = LoadChanged(m => m["escalation"] = JsonNode.Parse("""
            {
              "fire": [ { "role": "security", "after": "00:00:00" } ],
              "sos": [ { "role": "security", "after": "00:05:00" }, { "role": "principal", "after": "00:01:00" } ]
            }
            """));

        AssertErrors(result,
            "escalation.fire: is not \"default\" or an alert kind (abnormal-absence, curfew-missing, device-offline, intruder, late-return, missing-from-class, night-exit, restricted-zone, sos, unauthorized-exit, unknown-vehicle, vehicle-outside-hours, visit-code-invalid, visit-code-reused, visitor-after-hours, visitor-not-checked-out, visitor-overstay, visitor-vehicle-overstay, watch-list)",
            "escalation.sos[1].after: \"00:01:00\" is before the previous step's");
    }

    [Fact]
    public void An_unknown_field_is_reported_as_a_likely_typo()
    {
        var result = LoadChanged(m => m["dorms"]![0]!["curfw"] = "21:30");

        AssertErrors(result, "dorms[0].curfw: is not a known field");
    }

    [Fact]
    public void Roster_errors_name_the_line_and_the_column()
    {
        var roster = TestRosterCsv
            .Replace("S1003,Zhang Min,7,c7-2,yes", "S1003,Zhang Min,7,c7-2,maybe", StringComparison.Ordinal)
            .Replace("S1005,Liu Yang,", "S1005,,", StringComparison.Ordinal)
            .Replace("arrival;departure", "arrival;sms", StringComparison.Ordinal);

        var result = ManifestLoader.Load(TestManifestJson, roster);

        AssertErrors(result,
            "roster.csv line 3 (guardian_notices): \"sms\" is not a notice (all, none, or a list of arrival, departure, dorm-check-in)",
            "roster.csv line 4 (boarding): \"maybe\" is not yes or no",
            "roster.csv line 6 (name): is required");
    }

    [Fact]
    public void A_roster_row_that_repeats_a_student_with_other_details_is_reported()
    {
        var roster = TestRosterCsv + "\nS1001,Li Wei,7,c7-2,yes,dorm-a,G1001-2,Li Jun,+86 138 0000 2001,all";

        AssertErrors(ManifestLoader.Load(TestManifestJson, roster),
            "roster.csv line 7 (student_id): \"S1001\" repeats line 2 with different student fields (only the guardian columns may differ)");
    }

    [Fact]
    public void A_roster_without_a_required_column_is_reported_on_its_header_line()
    {
        var roster = TestRosterCsv.Replace(",guardian_notices", "", StringComparison.Ordinal);

        AssertErrors(ManifestLoader.Load(TestManifestJson, roster), "roster.csv line 1: missing column(s) guardian_notices");
    }

    [Fact]
    public void Loading_files_reports_a_roster_file_that_cannot_be_read()
    {
        var directory = Directory.CreateTempSubdirectory("campus-manifest-");
        try
        {
            var path = Path.Combine(directory.FullName, "campus.json");
            File.WriteAllText(path, TestManifestJson);

            var result = ManifestLoader.LoadFiles(path);

            var error = Assert.Single(result.Errors);
            Assert.True(error.Field == "roster" && error.Reason.StartsWith("cannot read \"roster.csv\"", StringComparison.Ordinal), error.ToString());
            Assert.Null(result.Manifest);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_named_roster_that_was_not_given_is_reported()
    {
        AssertErrors(ManifestLoader.Load(TestManifestJson, null), "roster: \"roster.csv\" is named but no roster was given");
    }

    [Fact]
    public void Guardians_may_name_a_language_and_quiet_hours_in_optional_roster_columns()
    {
        var roster = TestRosterCsv
            .Replace(",guardian_notices\n", ",guardian_notices,guardian_language,guardian_quiet_from,guardian_quiet_to\n", StringComparison.Ordinal)
            .Replace("+86 138 0000 1001,all", "+86 138 0000 1001,all,en,22:00,07:00", StringComparison.Ordinal);

        var result = ManifestLoader.Load(TestManifestJson, roster);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var guardians = result.Manifest.Students.SelectMany(s => s.Guardians).ToDictionary(g => g.Id);
        Assert.Equal(("en", new TimeOnly(22, 0), new TimeOnly(7, 0)), (guardians["G1001"].Language, guardians["G1001"].QuietFrom, guardians["G1001"].QuietTo));
        Assert.Equal(("zh-CN", (TimeOnly?)null, (TimeOnly?)null), (guardians["G1002"].Language, guardians["G1002"].QuietFrom, guardians["G1002"].QuietTo));
        // Without the optional columns every guardian reads zh-CN and has no quiet hours.
        Assert.All(ManifestLoader.Load(TestManifestJson, TestRosterCsv).Manifest!.Students.SelectMany(s => s.Guardians),
            g => Assert.Equal(("zh-CN", (TimeOnly?)null), (g.Language, g.QuietFrom)));
    }

    [Fact]
    public void A_wrong_language_or_half_of_quiet_hours_is_reported()
    {
        var roster = TestRosterCsv
            .Replace(",guardian_notices\n", ",guardian_notices,guardian_language,guardian_quiet_from,guardian_quiet_to\n", StringComparison.Ordinal)
            .Replace("+86 138 0000 1001,all", "+86 138 0000 1001,all,fr,,", StringComparison.Ordinal)
            .Replace("+86 138 0000 1004,all", "+86 138 0000 1004,all,en,22:00,", StringComparison.Ordinal);

        AssertErrors(ManifestLoader.Load(TestManifestJson, roster),
            "roster.csv line 2 (guardian_language): \"fr\" is not a language (zh-CN or en)",
            "roster.csv line 5 (guardian_quiet_to): quiet hours need both guardian_quiet_from and guardian_quiet_to");
    }

    [Fact]
    public void Inline_guardians_may_name_a_language_and_quiet_hours()
    {
        var result = LoadChanged(m => m["students"] = JsonNode.Parse("""
            [ { "id": "S2001", "name": "Sun Yue", "grade": "7", "classId": "c7-1", "boarding": true, "dormId": "dorm-b",
                "guardians": [ { "id": "G2001", "name": "Sun Hua", "contact": "+86 138 0000 2001", "language": "en", "quietFrom": "21:30", "quietTo": "06:30" } ] } ]
            """));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(new GuardianInfo("G2001", "Sun Hua", "+86 138 0000 2001", NoticePreferences.All, "en", new TimeOnly(21, 30), new TimeOnly(6, 30)),
            result.Manifest.Students[^1].Guardians.Single());
    }

    [Fact]
    public void Vehicles_are_read_with_plates_normalised_and_visitor_rules_override_the_defaults()
    {
        var result = LoadChanged(m =>
        {
            m["vehicles"] = JsonNode.Parse("""
                [ { "plate": "浙A·D1024", "kind": "staff", "owner": "Principal Chen" },
                  { "plate": "浙a f6620", "kind": "delivery", "owner": "Canteen supplier", "allowedFrom": "06:00", "allowedTo": "09:00" } ]
                """);
            m["rules"] = JsonNode.Parse("""{ "visitorOverstayAfter": "00:45:00", "plateMinConfidence": 0.6 }""");
            m["times"] = JsonNode.Parse("""{ "visitorsLeaveBy": "17:30" }""");
        });

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(
            [new Vehicles.VehicleInfo("浙AD1024", Vehicles.VehicleCategory.Staff, "Principal Chen"),
             new Vehicles.VehicleInfo("浙AF6620", Vehicles.VehicleCategory.Delivery, "Canteen supplier", new TimeOnly(6, 0), new TimeOnly(9, 0))],
            result.Manifest.Vehicles.ToArray());
        Assert.Equal((TimeSpan.FromMinutes(45), 0.6, new TimeOnly(17, 30)),
            (result.Manifest.Rules.VisitorOverstayAfter, result.Manifest.Rules.PlateMinConfidence, result.Manifest.Rules.VisitorsLeaveBy));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)), (result.Manifest.Rules.VisitorFaceFailWindow, result.Manifest.Rules.VisitorVehicleGrace));
    }

    [Fact]
    public void A_plate_listed_twice_a_wrong_vehicle_kind_half_hours_a_confidence_out_of_range_and_a_plate_camera_off_a_gate_are_reported()
    {
        var result = LoadChanged(m =>
        {
            m["vehicles"] = JsonNode.Parse("""
                [ { "plate": "ZA·D1024", "kind": "staff", "owner": "A" },
                  { "plate": "ZAD-1024", "kind": "staff", "owner": "B" },
                  { "plate": "X", "kind": "bus", "owner": "C", "allowedFrom": "06:00" } ]
                """);
            m["rules"] = JsonNode.Parse("""{ "plateMinConfidence": 1.5 }""");
            m["devices"]!.AsArray().Add(JsonNode.Parse("""{ "id": "anpr", "kind": "plate-camera", "location": "dorm-b", "heartbeat": "00:01:00" }"""));
        });

        Assert.False(result.IsValid);
        var errors = ErrorsOf(result);
        Assert.Contains("vehicles[1].plate: \"ZAD-1024\" is listed twice", errors);
        Assert.Contains(errors, e => e.StartsWith("vehicles[2].plate: must have 2 to 16", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("vehicles[2].kind: \"bus\" is not one of", StringComparison.Ordinal));
        Assert.Contains("vehicles[2].allowedTo: is required when allowedFrom is given", errors);
        Assert.Contains("rules.plateMinConfidence: must be from 0 to 1", errors);
        Assert.Contains(errors, e => e.StartsWith("devices[", StringComparison.Ordinal) && e.EndsWith(".location: \"dorm-b\" is not a gate", StringComparison.Ordinal));
    }
}
