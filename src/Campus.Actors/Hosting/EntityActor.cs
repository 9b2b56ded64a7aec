using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>
/// The persistent actor that hosts one entity's behaviour, in the shape of Akka Typed's
/// EventSourcedBehavior: for each message the behaviour decides (new state, timers, tells,
/// outputs), the actor journals the message with its outputs, and only once that write is durable
/// are the effects carried out: tells sent (at least once, until delivered), outputs published,
/// the sender answered. Recovery replays the journaled messages through the same behaviour, which
/// is deterministic, so state, timers, pending tells and output ids come back exactly.
/// </summary>
/// <remarks>
/// <para>Decisions are applied to the in-memory state as soon as they are made, so the next message
/// sees them while the write is in flight (writes are pipelined); a failed write stops the actor
/// before any effect of it or of a later decision is carried out, and recovery starts from the
/// journal again.</para>
/// <para>Timers live in the state. The actor arms one wake-up on the host's clock for the earliest
/// due timer; on wake-up it fires every timer due by then, one at a time in due order, each as a
/// journaled event whose time is the due time. Remember-entities restarts an entity after a restart
/// or a hand-off, so timers that fell due meanwhile fire at once.</para>
/// </remarks>
internal sealed class EntityActor : UntypedPersistentActor, IWithTimers
{
    private const string RedeliverTimer = "redeliver";

    /// <summary>The most deferred messages an entity keeps; beyond them a message is set aside.</summary>
    public const int MaxDeferred = 1_000;

    /// <summary>The longest wait armed on the clock at once; a wake-up before the due time just arms again.</summary>
    private static readonly TimeSpan MaxWakeDelay = TimeSpan.FromDays(1);

    private readonly EntityId? _id;
    private readonly string _persistenceId;
    private readonly EntityHost _host;
    private readonly EntityBehavior? _behavior;
    private readonly EntityContext _context = new();
    private readonly Inbox _inbox = new();
    private readonly Outbox _outbox = new();
    private readonly List<TimerSlot> _timers = [];
    private readonly Queue<Decision> _inFlight = new();
    private readonly List<DeferredMessage> _deferred = [];
    private readonly Dictionary<long, long> _snapshotHorizons = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private object? _state;
    private long _timerSeq;

    /// <summary>
    /// The sequence number of the last event handed to the journal (written or in flight). Akka's
    /// LastSequenceNr only counts confirmed writes, so with writes pipelined it would give the
    /// next decision a number its event will not get: tell and output ids would then differ
    /// between the live run and a replay.
    /// </summary>
    private long _sequenceNr;
    private long _horizon;
    private int _sinceSnapshot;
    private int _round;
    private bool _draining;
    private int _wakesOutstanding;
    private bool _recovering = true;
    private ITimer? _wake;
    private DateTimeOffset? _wakeDue;
    private IActorRef? _region;

    public EntityActor(string entityId, EntityHost host)
    {
        _persistenceId = entityId;
        _host = host;
        if (EntityId.TryParse(entityId, out var id) && host.Behaviors.TryGetValue(id.Kind, out var behavior))
        {
            _id = id;
            _behavior = behavior;
            _state = behavior.CreateInitial(id);
        }
        // Recovery is work in flight: "idle" means every entity that is starting has caught up.
        host.Activity.Begin();
    }

    public override string PersistenceId => _persistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The props of the entity <paramref name="entityId"/>.</summary>
    public static Props Props(string entityId, EntityHost host) => Akka.Actor.Props.Create(() => new EntityActor(entityId, host));

    private IActorRef Region => _host.Router ?? (_region ??= ClusterSharding.Get(Context.System).ShardRegion(_host.Options.RegionName));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: EntitySnapshot snapshot, Metadata: var metadata }:
                Restore(snapshot, metadata.SequenceNr);
                break;
            case EntityEvent journaled:
                Replay(journaled);
                break;
            case UnreadableEvent unreadable:
                _log.Error("Entity {0}: event {1} cannot be read ({2}); it is skipped", _persistenceId, LastSequenceNr, unreadable.Error);
                break;
            case RecoveryCompleted:
                OnRecovered();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        if (_draining && message is DeliverInputs or EntityTell or WakeUp or PeekEntity or StopEntity or ReceiveTimeout)
        {
            Stash.Stash();
            return;
        }
        switch (message)
        {
            case DeliverInputs inputs:
                OnInputs(inputs);
                break;
            case EntityTell tell:
                OnTell(tell);
                break;
            case WakeUp:
                OnWake();
                break;
            case TellDelivered delivered:
                if (_outbox.Confirm(delivered.Id)) _host.Activity.End();
                if (_outbox.Count == 0) Timers.Cancel(RedeliverTimer);
                break;
            case RedeliverTick:
                Redeliver();
                break;
            case PeekEntity:
                Sender.Tell(new EntityStateReply(_id!, _state!, [.. _timers], _outbox.Count));
                break;
            case StopEntity:
                AfterPersisted(() => Context.Stop(Self));
                break;
            case ReceiveTimeout:
                if (IsDormant) Context.Parent.Tell(new Passivate(StopEntity.Instance));
                break;
            case SaveSnapshotSuccess saved:
                OnSnapshotSaved(saved.Metadata.SequenceNr);
                break;
            case SaveSnapshotFailure failed:
                _snapshotHorizons.Remove(failed.Metadata.SequenceNr);
                _log.Warning("Entity {0}: snapshot at {1} not saved: {2}", _persistenceId, failed.Metadata.SequenceNr, failed.Cause.Message);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                return;
        }
        KeepOrPassivate();
    }

    private void OnInputs(DeliverInputs delivery)
    {
        var replyTo = Sender;
        if (_behavior is null)
        {
            replyTo.Tell(new InputsRefused($"No entity kind serves '{_persistenceId}'.", StoreUnavailable: false));
            return;
        }
        var stored = 0;
        var duplicates = 0;
        Decision? last = null;
        foreach (var input in delivery.Inputs)
        {
            if (_inbox.HasInput(input.Source, input.EventId))
            {
                duplicates++;
                continue;
            }
            FireDue(input.OccurredAt);
            last = Decide(EventOrigin.Input, input.Source, input.EventId, 0, 0, input.OccurredAt, input.Message, _sequenceNr + 1, live: true, input.Remember)!;
            Persist(last);
            stored++;
        }
        var answer = new InputsAccepted(stored, duplicates);
        if (last is null)
        {
            // Only repeats: answer once whatever is in flight (perhaps the first copy) is durable.
            AfterPersisted(() => replyTo.Tell(answer));
        }
        else
        {
            last.ReplyTo = replyTo;
            last.Reply = answer;
        }
        ArmWake();
    }

    private void OnTell(EntityTell tell)
    {
        var replyTo = Sender;
        var delivered = new TellDelivered(tell.Id);
        var sender = tell.Sender.ToString();
        if (_behavior is null || _inbox.HasTell(sender, tell.Id))
        {
            // A repeat (or a tell nobody can handle): answer once the first copy is durable.
            AfterPersisted(() => replyTo.Tell(delivered));
            return;
        }
        FireDue(tell.At);
        var decision = Decide(EventOrigin.Tell, sender, null, tell.Id, tell.Horizon, tell.At, tell.Message, _sequenceNr + 1, live: true)!;
        decision.ReplyTo = replyTo;
        decision.Reply = delivered;
        Persist(decision);
        ArmWake();
    }

    private void OnWake()
    {
        if (_behavior is not null) FireDue(_host.Clock.GetUtcNow());
        _wakeDue = null;
        ArmWake();
        AfterPersisted(() =>
        {
            if (_wakesOutstanding > 0)
            {
                Interlocked.Decrement(ref _wakesOutstanding);
                _host.Activity.End();
            }
        });
    }

    /// <summary>
    /// Fires, one at a time in due order, every timer due by <paramref name="until"/> (but never
    /// ahead of the clock): a message of time T is handled after the entity's own timers due before
    /// T, whether the wake-up or the message arrived first (after a restart, a message for an entity
    /// may wake it before its overdue timers do).
    /// </summary>
    private void FireDue(DateTimeOffset until)
    {
        var now = _host.Clock.GetUtcNow();
        if (until > now) until = now;
        while (TakeDue(until) is { } slot)
        {
            Persist(Decide(EventOrigin.Timer, "timer", slot.Name, slot.Seq, 0, slot.Due, slot.Message, _sequenceNr + 1, live: true)!);
        }
    }

    /// <summary>The earliest timer due at or before <paramref name="now"/> (same instant: by name, then sequence), taken off the list.</summary>
    private TimerSlot? TakeDue(DateTimeOffset now)
    {
        TimerSlot? next = null;
        foreach (var slot in _timers)
        {
            if (slot.Due > now) continue;
            if (next is null || slot.Due < next.Due || (slot.Due == next.Due && (string.CompareOrdinal(slot.Name, next.Name) < 0 || (slot.Name == next.Name && slot.Seq < next.Seq))))
                next = slot;
        }
        if (next is not null) _timers.Remove(next);
        return next;
    }

    /// <summary>
    /// Runs the behaviour on one message and applies its decision to the in-memory state: timers,
    /// what was received (for de-duplication), the tells and outputs it causes (with their ids
    /// from <paramref name="sequenceNr"/>). A behaviour that throws changes nothing: the message
    /// is set aside (journaled as such and reported). A message the behaviour defers is journaled
    /// as deferred and queued; every decision that changes the state gives the queued messages
    /// another try. Returns null only for a retried message deferred again (nothing to journal).
    /// </summary>
    private Decision? Decide(EventOrigin origin, string source, string? eventId, long seq, long horizon, DateTimeOffset at, object message, long sequenceNr, bool live, TimeSpan? remember = null)
    {
        if (origin == EventOrigin.Input) _inbox.RecordInput(source, eventId, at, remember ?? _host.Options.InputDedupWindow);
        else if (origin == EventOrigin.Tell) _inbox.RecordTell(source, seq, horizon);
        var before = _state;

        _context.Begin(_id!, at, _timers);
        object next;
        try
        {
            Registered(message);
            next = _behavior!.Receive(_state!, message, _context);
            foreach (var (_, told) in _context.Tells) Registered(told);
            foreach (var output in _context.Outputs) Registered(output);
            foreach (var (_, _, timerMessage) in _context.TimerOps)
            {
                if (timerMessage is not null) Registered(timerMessage);
            }
            if (_context.Deferred && (!ReferenceEquals(next, _state) || _context.Tells.Count > 0 || _context.Outputs.Count > 0 || _context.TimerOps.Count > 0))
                throw new InvalidOperationException($"{_behavior.GetType().Name} deferred {message.GetType().Name} but also changed its state or recorded effects.");
            if (_context.Deferred && origin != EventOrigin.Retry && _deferred.Count >= MaxDeferred)
                throw new InvalidOperationException($"The entity already holds {MaxDeferred} deferred messages.");
        }
        catch (Exception ex) when (live)
        {
            _log.Error(ex, "Entity {0}: {1} from {2} ({3}) failed and is set aside", _persistenceId, message.GetType().Name, source, eventId ?? seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var setAside = new InputSetAside(_id!.Campus, _persistenceId, source, eventId, at, message.GetType().Name, ex.Message);
            var aside = new EntityEvent(origin, source, eventId, seq, horizon, at, message, [setAside], SetAside: true);
            return new Decision(aside, [], [new EntityOutput(EntityOutput.MakeId(_id, sequenceNr, 0), _id, setAside, at)]);
        }

        if (_context.Deferred)
        {
            if (origin == EventOrigin.Retry) return null;
            var waiting = new EntityEvent(origin, source, eventId, seq, horizon, at, message, [], Deferred: true);
            _deferred.Add(new DeferredMessage(sequenceNr, waiting));
            return new Decision(waiting, [], []);
        }

        foreach (var (name, due, timerMessage) in _context.TimerOps)
        {
            _timers.RemoveAll(t => t.Name == name);
            if (due is { } at2 && timerMessage is not null) _timers.Add(new TimerSlot(name, ++_timerSeq, at2, timerMessage));
        }
        _state = next;

        var tells = new List<PendingTell>(_context.Tells.Count);
        for (var i = 0; i < _context.Tells.Count; i++)
        {
            var (target, tellMessage) = _context.Tells[i];
            tells.Add(new PendingTell(EntityTell.MakeId(sequenceNr, i), target, at, tellMessage));
        }
        var outputs = new List<EntityOutput>(_context.Outputs.Count);
        for (var i = 0; i < _context.Outputs.Count; i++)
        {
            outputs.Add(new EntityOutput(EntityOutput.MakeId(_id!, sequenceNr, i), _id!, _context.Outputs[i], at));
        }
        var journaled = new EntityEvent(origin, source, eventId, seq, horizon, at, message, [.. _context.Outputs]);
        return new Decision(journaled, tells, outputs) { ChangedState = !ReferenceEquals(before, next) };
    }

    /// <summary>The state changed: each deferred message, in the order it came, gets another try (and may be deferred again).</summary>
    private void RetryDeferred()
    {
        var progress = true;
        while (progress && _deferred.Count > 0)
        {
            progress = false;
            foreach (var waiting in _deferred.ToList())
            {
                var e = waiting.Event;
                var retried = Decide(EventOrigin.Retry, e.Source, e.EventId, waiting.SequenceNr, e.Horizon, e.At, e.Message, _sequenceNr + 1, live: true);
                if (retried is null) continue;
                _deferred.Remove(waiting);
                Persist(retried, retry: false);
                progress |= retried.ChangedState;
            }
        }
    }

    private void Registered(object message)
    {
        if (!_host.Codec.IsRegistered(message.GetType()))
            throw new InvalidOperationException($"{message.GetType().Name} is not registered with the codec.");
    }

    /// <summary>
    /// Runs <paramref name="action"/> once every write in flight is durable (at once when none is).
    /// Not Akka's DeferAsync: a batch holding only deferred handlers reaches the SQL journal as a
    /// write of no events, which it fails (Akka.Persistence.Sql issue 430).
    /// </summary>
    private void AfterPersisted(Action action)
    {
        if (_inFlight.Count == 0) action();
        else _inFlight.Last().After.Add(action);
    }

    private void Persist(Decision decision, bool retry = true)
    {
        _sequenceNr++;
        _inFlight.Enqueue(decision);
        PersistAsync(decision.Event, OnPersisted);
        if (retry && decision.ChangedState && _deferred.Count > 0) RetryDeferred();
    }

    /// <summary>The decision's event is durable: carry out its effects, in the order they were decided.</summary>
    private void OnPersisted(EntityEvent journaled)
    {
        var decision = _inFlight.Dequeue();
        foreach (var tell in decision.Tells)
        {
            if (!_outbox.Add(tell, _round)) continue;
            _host.Activity.Begin();
            Send(tell);
        }
        if (_outbox.Count > 0 && !Timers.IsTimerActive(RedeliverTimer))
            Timers.StartPeriodicTimer(RedeliverTimer, RedeliverTick.Instance, _host.Options.RedeliverInterval);
        foreach (var output in decision.Outputs) _host.Outputs.Publish(output);
        decision.ReplyTo?.Tell(decision.Reply);
        foreach (var after in decision.After) after();

        _sinceSnapshot++;
        if (_sinceSnapshot < _host.Options.SnapshotEvery) return;
        if (_inFlight.Count > 0)
        {
            // A snapshot must hold exactly what is journaled: hold new messages until the writes in flight are done.
            _draining = true;
            return;
        }
        SaveSnapshotNow();
        if (_draining)
        {
            _draining = false;
            Stash.UnstashAll();
        }
    }

    private void SaveSnapshotNow()
    {
        _sinceSnapshot = 0;
        var sequenceNr = LastSequenceNr;
        _snapshotHorizons[sequenceNr] = Math.Min(sequenceNr + 1, _outbox.OldestSequence ?? long.MaxValue);
        SaveSnapshot(new EntitySnapshot(
            _host.Codec.EncodeState(_state!, _behavior!.StateType),
            _timerSeq,
            [.. _timers],
            _inbox.TellWindows(),
            _inbox.InputWindows(),
            _outbox.ToImmutable(),
            [.. _deferred]));
    }

    /// <summary>A snapshot is saved: tells older than it (and not pending in it) are never sent again, so receivers may forget them.</summary>
    private void OnSnapshotSaved(long sequenceNr)
    {
        if (_snapshotHorizons.Remove(sequenceNr, out var horizon)) _horizon = Math.Max(_horizon, horizon);
        if (sequenceNr > 1) DeleteSnapshots(new SnapshotSelectionCriteria(sequenceNr - 1));
    }

    private void Restore(EntitySnapshot snapshot, long sequenceNr)
    {
        if (_behavior is null) return;
        _state = _host.Codec.DecodeState(snapshot.State.Span, _behavior.StateType);
        _timerSeq = snapshot.TimerSeq;
        _timers.Clear();
        _timers.AddRange(snapshot.Timers.IsDefault ? [] : snapshot.Timers);
        _inbox.Restore(snapshot.Tells, snapshot.Inputs);
        _outbox.Clear();
        foreach (var pending in snapshot.Outbox.IsDefault ? [] : snapshot.Outbox) _outbox.Add(pending, 0);
        _deferred.Clear();
        _deferred.AddRange(snapshot.Deferred.IsDefault ? [] : snapshot.Deferred);
        _horizon = Math.Min(sequenceNr + 1, _outbox.OldestSequence ?? long.MaxValue);
    }

    /// <summary>Replays one journaled message: the same decision as when it was made, its tells pending again (receivers drop repeats), its outputs not published again.</summary>
    private void Replay(EntityEvent journaled)
    {
        if (_behavior is null) return;
        if (journaled.SetAside)
        {
            if (journaled.Origin == EventOrigin.Input) _inbox.RecordInput(journaled.Source, journaled.EventId, journaled.At, _host.Options.InputDedupWindow);
            else if (journaled.Origin == EventOrigin.Tell) _inbox.RecordTell(journaled.Source, journaled.Seq, journaled.Horizon);
            return;
        }
        if (journaled.Origin == EventOrigin.Timer)
            _timers.RemoveAll(t => t.Name == journaled.EventId && t.Seq == journaled.Seq);
        if (journaled.Deferred)
        {
            if (journaled.Origin == EventOrigin.Input) _inbox.RecordInput(journaled.Source, journaled.EventId, journaled.At, _host.Options.InputDedupWindow);
            else if (journaled.Origin == EventOrigin.Tell) _inbox.RecordTell(journaled.Source, journaled.Seq, journaled.Horizon);
            _deferred.Add(new DeferredMessage(LastSequenceNr, journaled));
            return;
        }
        if (journaled.Origin == EventOrigin.Retry) _deferred.RemoveAll(d => d.SequenceNr == journaled.Seq);
        try
        {
            var decision = Decide(journaled.Origin, journaled.Source, journaled.EventId, journaled.Seq, journaled.Horizon, journaled.At, journaled.Message, LastSequenceNr, live: false);
            foreach (var tell in decision?.Tells ?? []) _outbox.Add(tell, 0);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Entity {0}: replay of event {1} ({2}) failed; it is skipped", _persistenceId, LastSequenceNr, journaled.Message.GetType().Name);
        }
    }

    private void OnRecovered()
    {
        _sequenceNr = LastSequenceNr;
        if (_outbox.Count > 0)
        {
            _host.Activity.Begin(_outbox.Count);
            foreach (var tell in _outbox.Pending) Send(tell);
            Timers.StartPeriodicTimer(RedeliverTimer, RedeliverTick.Instance, _host.Options.RedeliverInterval);
        }
        ArmWake();
        KeepOrPassivate();
        _recovering = false;
        _host.Activity.End();
    }

    private void Send(PendingTell tell) =>
        Region.Tell(new EntityTell(tell.Target, _id!, tell.Id, _horizon, tell.At, tell.Message), Self);

    private void Redeliver()
    {
        _round++;
        foreach (var tell in _outbox.Due(_round - 2, _round)) Send(tell);
        if (_outbox.Count == 0) Timers.Cancel(RedeliverTimer);
    }

    /// <summary>Arms one wake-up on the host's clock for the earliest pending timer.</summary>
    private void ArmWake()
    {
        DateTimeOffset? next = null;
        foreach (var slot in _timers)
        {
            if (next is null || slot.Due < next) next = slot.Due;
        }
        if (next == _wakeDue) return;
        _wake?.Dispose();
        _wake = null;
        _wakeDue = next;
        if (next is not { } due) return;
        var clock = _host.Clock;
        var delay = due - clock.GetUtcNow();
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        if (delay > MaxWakeDelay) delay = MaxWakeDelay;
        var self = Self;
        var activity = _host.Activity;
        _wake = clock.CreateTimer(_ =>
        {
            Interlocked.Increment(ref _wakesOutstanding);
            activity.Begin();
            self.Tell(WakeUp.Instance);
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True when nothing would be lost by stopping: no timer, no tell owed, no write in flight.</summary>
    private bool IsDormant => _timers.Count == 0 && _outbox.Count == 0 && _inFlight.Count == 0 && _deferred.Count == 0;

    private void KeepOrPassivate() => SetReceiveTimeout(IsDormant ? _host.Options.PassivateAfter : null);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        foreach (var decision in _inFlight)
            decision.ReplyTo?.Tell(new InputsRefused($"The journal is unavailable: {cause.Message}", StoreUnavailable: true));
        _inFlight.Clear();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        foreach (var decision in _inFlight)
            decision.ReplyTo?.Tell(new InputsRefused($"The journal refused the entity's event: {cause.Message}", StoreUnavailable: false));
        _inFlight.Clear();
        _log.Error(cause, "Entity {0}: event {1} was refused by the journal; the entity restarts from its journal", _persistenceId, sequenceNr);
        throw new InvalidOperationException($"Entity {_persistenceId} is ahead of its journal after a refused write.", cause);
    }

    protected override void PostStop()
    {
        _wake?.Dispose();
        if (_recovering)
        {
            _recovering = false;
            _host.Activity.End();
        }
        var wakes = Interlocked.Exchange(ref _wakesOutstanding, 0);
        if (wakes > 0) _host.Activity.End(wakes);
        if (_outbox.Count > 0) _host.Activity.End(_outbox.Count);
        _outbox.Clear();
        base.PostStop();
    }

    /// <summary>A decision waiting for its event to be durable: its tells, outputs and answer.</summary>
    private sealed class Decision(EntityEvent journaled, List<PendingTell> tells, List<EntityOutput> outputs)
    {
        public EntityEvent Event { get; } = journaled;

        public List<PendingTell> Tells { get; } = tells;

        public List<EntityOutput> Outputs { get; } = outputs;

        public IActorRef? ReplyTo { get; set; }

        /// <summary>What waits for this write (and every earlier one) to be durable.</summary>
        public List<Action> After { get; } = [];

        /// <summary>True when the behaviour returned a new state (deferred messages then get another try).</summary>
        public bool ChangedState { get; init; }

        public object? Reply { get; set; }
    }

    private sealed class RedeliverTick
    {
        public static RedeliverTick Instance { get; } = new();
    }
}
