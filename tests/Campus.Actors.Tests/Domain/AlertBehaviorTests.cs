using System.Collections.Immutable;
using Campus.Actors.Alerts;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>The alert entity: one alert per incident, its escalation chain, reminders and closing.</summary>
public class AlertBehaviorTests
{
    private static readonly DateTimeOffset RaisedAt = TestCampus.Local(TestCampus.Monday, 21, 45);

    private static readonly AlertSubject Student = new("student", "S1001", "Li Wei");

    [Theory]
    [InlineData("dorm:dorm-a", "dorm-supervisor")]
    [InlineData("class:c7-1", "class-teacher")]
    [InlineData(null, "security")]
    public void First_raise_emits_version_1_open_at_level_0_to_the_responsible_role_of_its_scope(string? scope, string role)
    {
        var alert = NewAlert();

        var effects = alert.Send(Raise(scope: scope), RaisedAt);

        Assert.Empty(effects.Tells);
        var changed = Assert.Single(effects.OutputsOf<AlertChanged>());
        Assert.Single(effects.Outputs);
        Assert.Equal("curfew-missing:S1001:2026-11-23", changed.AlertId);
        Assert.Equal(TestCampus.Id, changed.CampusId);
        Assert.Equal(1, changed.Version);
        Assert.Equal(AlertKind.CurfewMissing, changed.Kind);
        Assert.Equal(Severity.High, changed.Severity);
        Assert.Equal(AlertStatus.Open, changed.Status);
        Assert.Equal(0, changed.Level);
        Assert.Equal(role, changed.Role);
        Assert.Equal(Student, changed.Subject);
        Assert.Equal("dorm-a", changed.LocationId);
        Assert.Equal(scope, changed.Scope);
        Assert.Equal("Li Wei not in Plum House at curfew", changed.Message);
        Assert.Equal(RaisedAt, changed.RaisedAt);
        Assert.Equal(RaisedAt, changed.UpdatedAt);
        Assert.Equal(RaisedAt.AddMinutes(10), changed.NextEscalationAt);
        Assert.Null(changed.Outcome);
        Assert.Equal<AlertStep>([new AlertStep(RaisedAt, "raised", "system", 0, role, "Li Wei not in Plum House at curfew")], changed.History);
    }

    [Fact]
    public void First_raise_arms_the_next_escalation_step_and_a_reminder()
    {
        var alert = NewAlert();

        alert.Send(Raise(), RaisedAt);

        Assert.Equal((RaisedAt.AddMinutes(10), (object)new EscalationDue(1)), alert.Timers["escalate"]);
        Assert.Equal((RaisedAt.AddMinutes(5), (object)new ReminderDue(0)), alert.Timers["remind"]);
        Assert.Equal(2, alert.Timers.Count);
    }

    [Fact]
    public void A_repeated_raise_emits_nothing_and_changes_nothing()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var effects = alert.Send(Raise(message: "again"), RaisedAt.AddMinutes(3));

        Assert.True(effects.IsEmpty);
        Assert.Equal(1, alert.State.Version);
        Assert.Equal("Li Wei not in Plum House at curfew", alert.State.Incident?.Message);
        Assert.Equal(RaisedAt.AddMinutes(10), alert.Timers["escalate"].Due);
    }

    [Fact]
    public void A_raise_after_resolution_does_not_reopen_the_incident()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);
        alert.Send(new ResolveAlert("warden-zhao", ResolutionOutcome.Found, "in the library"), RaisedAt.AddMinutes(4));

        var effects = alert.Send(Raise(), RaisedAt.AddMinutes(20));

        Assert.True(effects.IsEmpty);
        Assert.Equal(AlertStatus.Resolved, alert.State.Status);
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void An_open_alert_escalates_to_security_after_10_minutes_and_to_the_duty_leader_after_30()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var escalations = alert.AdvanceTo(RaisedAt.AddMinutes(30)).OutputsOf<AlertChanged>()
            .Where(c => c.History[^1].Action == "escalated")
            .ToList();

        Assert.Collection(
            escalations,
            c =>
            {
                Assert.Equal((AlertStatus.Escalated, 1, "security", RaisedAt.AddMinutes(10)), (c.Status, c.Level, c.Role, c.UpdatedAt));
                Assert.Equal(RaisedAt.AddMinutes(30), c.NextEscalationAt);
            },
            c =>
            {
                Assert.Equal((AlertStatus.Escalated, 2, "duty-leader", RaisedAt.AddMinutes(30)), (c.Status, c.Level, c.Role, c.UpdatedAt));
                Assert.Null(c.NextEscalationAt);
            });
        Assert.False(alert.Timers.ContainsKey("escalate"));
    }

    [Fact]
    public void An_unacknowledged_alert_reminds_its_current_level_every_5_minutes()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var effects = alert.AdvanceTo(RaisedAt.AddMinutes(25));

        Assert.Empty(effects.Tells);
        var steps = effects.OutputsOf<AlertChanged>().Select(c => c.History[^1]).ToList();
        Assert.Equal(
            [
                new AlertStep(RaisedAt.AddMinutes(5), "reminded", "system", 0, "dorm-supervisor", null),
                new AlertStep(RaisedAt.AddMinutes(10), "escalated", "system", 1, "security", null),
                new AlertStep(RaisedAt.AddMinutes(15), "reminded", "system", 1, "security", null),
                new AlertStep(RaisedAt.AddMinutes(20), "reminded", "system", 1, "security", null),
                new AlertStep(RaisedAt.AddMinutes(25), "reminded", "system", 1, "security", null),
            ],
            steps);
    }

    [Fact]
    public void Acknowledging_stops_escalation_and_reminders()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var acknowledged = alert.Send(new AcknowledgeAlert("warden-zhao", "checking the washrooms"), RaisedAt.AddMinutes(3));
        var later = alert.AdvanceTo(RaisedAt.AddHours(2));

        var changed = Assert.Single(acknowledged.OutputsOf<AlertChanged>());
        Assert.Equal((2, AlertStatus.Acknowledged, 0, "dorm-supervisor"), (changed.Version, changed.Status, changed.Level, changed.Role));
        Assert.Null(changed.NextEscalationAt);
        Assert.Equal(new AlertStep(RaisedAt.AddMinutes(3), "acknowledged", "warden-zhao", 0, "dorm-supervisor", "checking the washrooms"), changed.History[^1]);
        Assert.True(later.IsEmpty);
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void Acknowledging_an_acknowledged_alert_is_ignored()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);
        alert.Send(new AcknowledgeAlert("warden-zhao", ""), RaisedAt.AddMinutes(3));

        var effects = alert.Send(new AcknowledgeAlert("guard-chen", ""), RaisedAt.AddMinutes(4));

        Assert.True(effects.IsEmpty);
        Assert.Equal(2, alert.State.Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolving_with_a_blank_note_is_ignored(string note)
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var effects = alert.Send(new ResolveAlert("warden-zhao", ResolutionOutcome.Found, note), RaisedAt.AddMinutes(4));

        Assert.True(effects.IsEmpty);
        Assert.Equal(AlertStatus.Open, alert.State.Status);
        Assert.Equal(2, alert.Timers.Count);
    }

    [Fact]
    public void Resolving_records_the_outcome_who_and_the_note_and_stops_the_timers()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var effects = alert.Send(new ResolveAlert("warden-zhao", ResolutionOutcome.Found, "in the library"), RaisedAt.AddMinutes(4));

        var changed = Assert.Single(effects.Outputs);
        var resolved = Assert.IsType<AlertChanged>(changed);
        Assert.Empty(effects.Tells);
        Assert.Equal((2, AlertStatus.Resolved, ResolutionOutcome.Found), (resolved.Version, resolved.Status, resolved.Outcome));
        Assert.Null(resolved.NextEscalationAt);
        Assert.Equal(new AlertStep(RaisedAt.AddMinutes(4), "resolved", "warden-zhao", 0, "dorm-supervisor", "found: in the library"), resolved.History[^1]);
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void An_acknowledged_alert_can_be_resolved()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);
        alert.Send(new AcknowledgeAlert("warden-zhao", ""), RaisedAt.AddMinutes(3));

        var effects = alert.Send(new ResolveAlert("warden-zhao", ResolutionOutcome.LeaveAdded, "home leave approved late"), RaisedAt.AddMinutes(8));

        var resolved = Assert.Single(effects.OutputsOf<AlertChanged>());
        Assert.Equal((3, AlertStatus.Resolved, ResolutionOutcome.LeaveAdded), (resolved.Version, resolved.Status, resolved.Outcome));
        Assert.Equal("leaveAdded: home leave approved late", resolved.History[^1].Note);
    }

    [Fact]
    public void Clearing_resolves_the_alert_by_system_with_the_given_outcome()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);
        alert.AdvanceTo(RaisedAt.AddMinutes(12));

        var effects = alert.Send(new ClearAlert(ResolutionOutcome.ConditionCleared, "entered Plum House 21:58"), RaisedAt.AddMinutes(13));

        var cleared = Assert.Single(effects.OutputsOf<AlertChanged>());
        Assert.Single(effects.Outputs);
        Assert.Equal((AlertStatus.Resolved, ResolutionOutcome.ConditionCleared, 1, "security"), (cleared.Status, cleared.Outcome, cleared.Level, cleared.Role));
        Assert.Equal(new AlertStep(RaisedAt.AddMinutes(13), "resolved", "system", 1, "security", "conditionCleared: entered Plum House 21:58"), cleared.History[^1]);
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void Clearing_a_never_raised_alert_does_nothing()
    {
        var alert = NewAlert();

        var effects = alert.Send(new ClearAlert(ResolutionOutcome.ConditionCleared, "arrived"), RaisedAt);

        Assert.True(effects.IsEmpty);
        Assert.False(alert.State.IsRaised);
        Assert.Equal(0, alert.State.Version);
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void Clearing_a_resolved_alert_does_nothing()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);
        alert.Send(new ResolveAlert("warden-zhao", ResolutionOutcome.Found, "in the library"), RaisedAt.AddMinutes(4));

        var effects = alert.Send(new ClearAlert(ResolutionOutcome.ConditionCleared, "arrived"), RaisedAt.AddMinutes(6));

        Assert.True(effects.IsEmpty);
        Assert.Equal(ResolutionOutcome.Found, alert.State.Outcome);
    }

    [Fact]
    public void The_history_records_every_step_with_who_and_when()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);
        alert.AdvanceTo(RaisedAt.AddMinutes(10));
        alert.Send(new AcknowledgeAlert("guard-chen", "on my way"), RaisedAt.AddMinutes(11));

        var effects = alert.Send(new ResolveAlert("guard-chen", ResolutionOutcome.Found, "behind the gym"), RaisedAt.AddMinutes(19));

        Assert.Equal<AlertStep>(
            [
                new AlertStep(RaisedAt, "raised", "system", 0, "dorm-supervisor", "Li Wei not in Plum House at curfew"),
                new AlertStep(RaisedAt.AddMinutes(5), "reminded", "system", 0, "dorm-supervisor", null),
                new AlertStep(RaisedAt.AddMinutes(10), "escalated", "system", 1, "security", null),
                new AlertStep(RaisedAt.AddMinutes(11), "acknowledged", "guard-chen", 1, "security", "on my way"),
                new AlertStep(RaisedAt.AddMinutes(19), "resolved", "guard-chen", 1, "security", "found: behind the gym"),
            ],
            Assert.Single(effects.OutputsOf<AlertChanged>()).History);
    }

    [Fact]
    public void Versions_increase_by_one_per_change()
    {
        var alert = NewAlert();
        var versions = new List<int>();

        versions.AddRange(alert.Send(Raise(), RaisedAt).OutputsOf<AlertChanged>().Select(c => c.Version));
        versions.AddRange(alert.AdvanceTo(RaisedAt.AddMinutes(15)).OutputsOf<AlertChanged>().Select(c => c.Version));
        versions.AddRange(alert.Send(Raise(), RaisedAt.AddMinutes(16)).OutputsOf<AlertChanged>().Select(c => c.Version));
        versions.AddRange(alert.Send(new AcknowledgeAlert("guard-chen", ""), RaisedAt.AddMinutes(17)).OutputsOf<AlertChanged>().Select(c => c.Version));
        versions.AddRange(alert.Send(new ResolveAlert("guard-chen", ResolutionOutcome.FalseAlarm, "was in dorm-b"), RaisedAt.AddMinutes(18)).OutputsOf<AlertChanged>().Select(c => c.Version));

        Assert.Equal([1, 2, 3, 4, 5, 6], versions);
    }

    [Fact]
    public void Reminders_stop_after_12_at_one_level()
    {
        var alert = NewAlert();
        alert.Send(Raise(escalation: [new(EscalationStep.Responsible, TimeSpan.Zero)]), RaisedAt);

        var effects = alert.AdvanceTo(RaisedAt.AddHours(10));

        var reminders = effects.OutputsOf<AlertChanged>();
        Assert.Equal(12, reminders.Count);
        Assert.All(reminders, c => Assert.Equal(("reminded", 0), (c.History[^1].Action, c.History[^1].Level)));
        Assert.Equal(RaisedAt.AddMinutes(60), reminders[^1].UpdatedAt);
        Assert.Empty(alert.Timers);
        Assert.Equal(AlertStatus.Open, alert.State.Status);
    }

    [Fact]
    public void A_new_level_starts_reminding_again_after_the_previous_level_stopped()
    {
        var alert = NewAlert();
        alert.Send(Raise(escalation: [new(EscalationStep.Responsible, TimeSpan.Zero), new("duty-leader", TimeSpan.FromMinutes(90))]), RaisedAt);
        alert.AdvanceTo(RaisedAt.AddMinutes(89));

        var effects = alert.AdvanceTo(RaisedAt.AddMinutes(95));

        Assert.Equal(
            [
                new AlertStep(RaisedAt.AddMinutes(90), "escalated", "system", 1, "duty-leader", null),
                new AlertStep(RaisedAt.AddMinutes(95), "reminded", "system", 1, "duty-leader", null),
            ],
            effects.OutputsOf<AlertChanged>().Select(c => c.History[^1]));
    }

    [Fact]
    public void A_per_kind_escalation_chain_from_the_rules_is_followed()
    {
        var rules = TestCampus.Rules() with
        {
            Escalation = ImmutableDictionary<AlertKind, ImmutableArray<EscalationStep>>.Empty.Add(
                AlertKind.Sos,
                [new("security", TimeSpan.Zero), new("duty-leader", TimeSpan.FromMinutes(5))]),
        };
        var alert = NewAlert(AlertKind.Sos, "gate-n", "2026-11-23T21");
        var raise = new RaiseAlert(
            AlertKind.Sos, Severity.Critical, new AlertSubject("gate", "gate-n", "North Gate"), "gate-n", null,
            "SOS at North Gate", rules.EscalationFor(AlertKind.Sos), null);

        var raised = Assert.Single(alert.Send(raise, RaisedAt).OutputsOf<AlertChanged>());
        var escalated = alert.AdvanceTo(RaisedAt.AddHours(1));

        Assert.Equal(("security", RaisedAt.AddMinutes(5)), (raised.Role, raised.NextEscalationAt));
        var last = Assert.Single(escalated.OutputsOf<AlertChanged>());
        Assert.Equal((AlertStatus.Escalated, 1, "duty-leader", RaisedAt.AddMinutes(5)), (last.Status, last.Level, last.Role, last.UpdatedAt));
        Assert.Single(escalated.Outputs);
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void An_alert_with_no_escalation_steps_stays_with_security()
    {
        var alert = NewAlert();

        var changed = Assert.Single(alert.Send(Raise(escalation: [], reminds: false), RaisedAt).OutputsOf<AlertChanged>());

        Assert.Equal(("security", 0, (DateTimeOffset?)null), (changed.Role, changed.Level, changed.NextEscalationAt));
        Assert.Empty(alert.Timers);
    }

    [Fact]
    public void An_escalation_due_out_of_turn_is_ignored()
    {
        var alert = NewAlert();
        alert.Send(Raise(), RaisedAt);

        var effects = alert.Send(new EscalationDue(2), RaisedAt.AddMinutes(1));

        Assert.True(effects.IsEmpty);
        Assert.Equal((AlertStatus.Open, 0, 1), (alert.State.Status, alert.State.Level, alert.State.Version));
    }

    private static EntityTester<AlertState> NewAlert(AlertKind kind = AlertKind.CurfewMissing, string subject = "S1001", string window = "2026-11-23") =>
        new(new AlertBehavior(), Incidents.For(TestCampus.Id, kind, subject, window), CampusCodec.Create().RegisterAlerts());

    private static RaiseAlert Raise(
        string? scope = "dorm:dorm-a",
        string message = "Li Wei not in Plum House at curfew",
        ImmutableArray<EscalationStep>? escalation = null,
        bool reminds = true) =>
        new(
            AlertKind.CurfewMissing,
            Severity.High,
            Student,
            "dorm-a",
            scope,
            message,
            escalation ?? TestCampus.Rules().EscalationFor(AlertKind.CurfewMissing),
            reminds ? TestCampus.Rules().ReminderInterval : null);
}
