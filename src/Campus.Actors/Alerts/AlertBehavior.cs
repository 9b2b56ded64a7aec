using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Campus.Actors.Entities;

namespace Campus.Actors.Alerts;

/// <summary>Timer message: the alert's escalation step <paramref name="Level"/> is due.</summary>
public sealed record EscalationDue(int Level);

/// <summary>Timer message: an unacknowledged alert reminds the role of its current <paramref name="Level"/>.</summary>
public sealed record ReminderDue(int Level);

/// <summary>Registers the alert entity's timer messages under stable log names.</summary>
public static class AlertsCodec
{
    /// <summary>Registers <see cref="EscalationDue"/> and <see cref="ReminderDue"/>; returns the codec for chaining.</summary>
    public static MessageCodec RegisterAlerts(this MessageCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return codec
            .Register<EscalationDue>("alert.escalation-due")
            .Register<ReminderDue>("alert.reminder-due");
    }
}

/// <summary>
/// The state of one incident's alert. <see cref="Incident"/> is the first <see cref="RaiseAlert"/>
/// (what the alert is about and the chain it follows); it is null until the alert is raised.
/// </summary>
/// <param name="Level">The index of the escalation step reached (0 when raised).</param>
/// <param name="Role">The role the alert is with now (the step's role, resolved for the scope).</param>
/// <param name="Version">Grows by one with every change; 0 until raised.</param>
/// <param name="RemindersAtLevel">Reminders sent since the alert reached its current level.</param>
public sealed record AlertState(
    string AlertId,
    string CampusId,
    RaiseAlert? Incident,
    AlertStatus Status,
    int Level,
    string Role,
    int Version,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextEscalationAt,
    ResolutionOutcome? Outcome,
    int RemindersAtLevel,
    ImmutableArray<AlertStep> History)
{
    /// <summary>The state of an alert entity that has not been raised.</summary>
    public static AlertState NotRaised(EntityId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new(id.Key, id.Campus, null, AlertStatus.Open, 0, "", 0, default, default, null, null, 0, []);
    }

    /// <summary>True once the first raise has opened the alert.</summary>
    [JsonIgnore]
    public bool IsRaised => Incident is not null;

    /// <summary>True while the alert waits for someone: raised, neither acknowledged nor resolved.</summary>
    [JsonIgnore]
    public bool IsActive => IsRaised && Status is AlertStatus.Open or AlertStatus.Escalated;

    /// <summary>This state with one more step in its history, stamped with the current level and role.</summary>
    public AlertState Record(DateTimeOffset at, string action, string by, string? note) => this with
    {
        Version = Version + 1,
        UpdatedAt = at,
        History = History.Add(new AlertStep(at, action, by, Level, Role, note)),
    };

    /// <summary>The full view of the alert, as emitted after every change.</summary>
    public AlertChanged ToChanged()
    {
        var incident = Incident ?? throw new InvalidOperationException("An alert that was never raised has no view.");
        return new AlertChanged(
            AlertId,
            Version,
            incident.Kind,
            incident.Severity,
            Status,
            Level,
            Role,
            CampusId,
            incident.Subject,
            incident.LocationId,
            incident.Scope,
            RaisedAt,
            UpdatedAt,
            incident.Message,
            NextEscalationAt,
            Outcome,
            History);
    }
}

/// <summary>
/// The alert of one incident, <c>alert/{campus}/{incident key}</c>. The first <see cref="RaiseAlert"/>
/// opens it with the first step of its escalation chain; any later raise, even after resolution, is
/// ignored, so one incident never opens twice. While open it climbs the chain (each step's
/// <see cref="EscalationStep.After"/> counts from the raise) and reminds its current role every
/// <see cref="RaiseAlert.RemindEvery"/>, until acknowledged, resolved or cleared. Reminders stop after
/// <see cref="MaxRemindersPerLevel"/> at one level (an hour at 5 minutes), so an alert left overnight
/// does not grow without bound; a new level starts them again. Emits <see cref="AlertChanged"/>
/// (the full view, version + 1) after every change.
/// </summary>
public sealed class AlertBehavior : EntityBehavior<AlertState>
{
    /// <summary>The most reminders sent at one escalation level.</summary>
    public const int MaxRemindersPerLevel = 12;

    /// <summary>Who performs the steps no person performs.</summary>
    public const string SystemName = "system";

    private const string EscalateTimer = "escalate";
    private const string RemindTimer = "remind";
    private const string DefaultRole = "security";

    public override string Kind => "alert";

    public override AlertState Initial(EntityId id) => AlertState.NotRaised(id);

    public override AlertState Handle(AlertState state, object message, EntityContext context) => message switch
    {
        RaiseAlert raise => Raise(state, raise, context),
        EscalationDue due => Escalate(state, due, context),
        ReminderDue due => Remind(state, due, context),
        AcknowledgeAlert acknowledge => Acknowledge(state, acknowledge, context),
        ResolveAlert resolve => Resolve(state, resolve, context),
        ClearAlert clear => Clear(state, clear, context),
        _ => state,
    };

    private static AlertState Raise(AlertState state, RaiseAlert raise, EntityContext context)
    {
        if (state.IsRaised) return state;

        var now = context.Now;
        var steps = raise.Escalation.IsDefault ? [] : raise.Escalation;
        var role = steps.IsEmpty ? DefaultRole : AlertEffects.RoleFor(steps[0].Role, raise.Scope);
        var opened = state with
        {
            Incident = raise with { Escalation = steps },
            Status = AlertStatus.Open,
            Level = 0,
            Role = role,
            Version = 0,
            RaisedAt = now,
            RemindersAtLevel = 0,
            Outcome = null,
            History = [],
        };
        return Publish(Arm(opened.Record(now, "raised", SystemName, raise.Message), context), context);
    }

    private static AlertState Escalate(AlertState state, EscalationDue due, EntityContext context)
    {
        var steps = state.Incident?.Escalation ?? [];
        if (!state.IsActive || due.Level != state.Level + 1 || due.Level >= steps.Length) return state;

        var escalated = state with
        {
            Status = AlertStatus.Escalated,
            Level = due.Level,
            Role = AlertEffects.RoleFor(steps[due.Level].Role, state.Incident!.Scope),
            RemindersAtLevel = 0,
        };
        return Publish(Arm(escalated.Record(context.Now, "escalated", SystemName, null), context), context);
    }

    private static AlertState Remind(AlertState state, ReminderDue due, EntityContext context)
    {
        if (!state.IsActive || due.Level != state.Level || state.RemindersAtLevel >= MaxRemindersPerLevel) return state;

        var reminded = (state with { RemindersAtLevel = state.RemindersAtLevel + 1 })
            .Record(context.Now, "reminded", SystemName, null);
        if (reminded.RemindersAtLevel < MaxRemindersPerLevel) ArmReminder(reminded, context);
        return Publish(reminded, context);
    }

    private static AlertState Acknowledge(AlertState state, AcknowledgeAlert acknowledge, EntityContext context)
    {
        if (!state.IsActive || string.IsNullOrWhiteSpace(acknowledge.By)) return state;

        StopTimers(context);
        var acknowledged = state with { Status = AlertStatus.Acknowledged, NextEscalationAt = null };
        var note = string.IsNullOrWhiteSpace(acknowledge.Note) ? null : acknowledge.Note.Trim();
        return Publish(acknowledged.Record(context.Now, "acknowledged", acknowledge.By, note), context);
    }

    private static AlertState Resolve(AlertState state, ResolveAlert resolve, EntityContext context)
    {
        if (string.IsNullOrWhiteSpace(resolve.Note) || string.IsNullOrWhiteSpace(resolve.By)) return state;
        return Close(state, resolve.By, resolve.Outcome, resolve.Note, context);
    }

    private static AlertState Clear(AlertState state, ClearAlert clear, EntityContext context) =>
        Close(state, SystemName, clear.Outcome, clear.Note, context);

    /// <summary>Resolves a raised, unresolved alert (open, escalated or acknowledged).</summary>
    private static AlertState Close(AlertState state, string by, ResolutionOutcome outcome, string? note, EntityContext context)
    {
        if (!state.IsRaised || state.Status == AlertStatus.Resolved) return state;

        StopTimers(context);
        var resolved = state with { Status = AlertStatus.Resolved, Outcome = outcome, NextEscalationAt = null };
        return Publish(resolved.Record(context.Now, "resolved", by, Describe(outcome, note)), context);
    }

    /// <summary>Arms the next escalation step (if any) and the reminder of the current level.</summary>
    private static AlertState Arm(AlertState state, EntityContext context)
    {
        var steps = state.Incident!.Escalation;
        var nextLevel = state.Level + 1;
        DateTimeOffset? nextAt = null;
        if (nextLevel < steps.Length)
        {
            var due = state.RaisedAt + steps[nextLevel].After;
            nextAt = due > context.Now ? due : context.Now;
            context.SetTimer(EscalateTimer, nextAt.Value, new EscalationDue(nextLevel));
        }
        else
        {
            context.CancelTimer(EscalateTimer);
        }
        ArmReminder(state, context);
        return state with { NextEscalationAt = nextAt };
    }

    private static void ArmReminder(AlertState state, EntityContext context)
    {
        if (state.Incident!.RemindEvery is { } every && every > TimeSpan.Zero)
            context.SetTimer(RemindTimer, context.Now + every, new ReminderDue(state.Level));
        else
            context.CancelTimer(RemindTimer);
    }

    private static void StopTimers(EntityContext context)
    {
        context.CancelTimer(EscalateTimer);
        context.CancelTimer(RemindTimer);
    }

    private static AlertState Publish(AlertState state, EntityContext context)
    {
        context.Emit(state.ToChanged());
        return state;
    }

    /// <summary>The history note of a resolution: the outcome as on the wire, then the note (<c>found: in the library</c>).</summary>
    private static string Describe(ResolutionOutcome outcome, string? note)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());
        return string.IsNullOrWhiteSpace(note) ? name : $"{name}: {note.Trim()}";
    }
}
