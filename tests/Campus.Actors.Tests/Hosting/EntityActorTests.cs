using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

namespace Campus.Actors.Tests.Hosting;

/// <summary>
/// The entity actor's delivery protocol, one actor at a time with Akka.TestKit probes on the
/// in-memory journal: tells are sent again until the receiver answers, a receiver applies a
/// repeated tell once and answers it again, a restarted sender sends what it still owes, a failing
/// message is set aside, a deferred message waits (durably) until the state changes.
/// </summary>
public sealed class EntityActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config InMemory = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = WARNING
        """);

    private static readonly DateTimeOffset Start = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
    private readonly OutputProbe _outputs = new();
    private readonly TestProbe _router;
    private readonly EntityHost _host;

    public EntityActorTests() : base(InMemory)
    {
        _router = CreateTestProbe();
        _host = new EntityHost(Samples.Behaviors(), Samples.Codec(), new ManualClock(Start), _outputs,
            new EntityHostOptions { RedeliverInterval = TimeSpan.FromMilliseconds(100), SnapshotEvery = 1_000 })
        {
            Router = _router.Ref,
        };
        _outputs.Activity = _host.Activity;
    }

    private IActorRef Entity(string id) => Sys.ActorOf(EntityActor.Props(id, _host));

    private static DeliverInputs Inputs(string target, params (object Message, string EventId)[] inputs)
    {
        var id = EntityId.Parse(target);
        return new DeliverInputs(id, [.. inputs.Select(i => new EntityInput(id, i.Message, "test", i.EventId, Start))]);
    }

    private void Stop(IActorRef entity)
    {
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
    }

    [Fact]
    public void An_input_is_answered_once_it_is_journaled_and_a_repeat_is_answered_as_a_duplicate()
    {
        var counter = Entity("counter/hj/A");

        counter.Tell(Inputs("counter/hj/A", (new Add("x"), "e1"), (new Add("x"), "e1"), (new Add("y"), "e2")));
        Assert.Equal(new InputsAccepted(2, 1), ExpectMsg<InputsAccepted>());
        counter.Tell(Inputs("counter/hj/A", (new Add("x"), "e1")));

        Assert.Equal(new InputsAccepted(0, 1), ExpectMsg<InputsAccepted>());
        Assert.Equal([new Added("x", 1), new Added("y", 2)], _outputs.All.Select(o => o.Output));
    }

    [Fact]
    public void A_tell_is_sent_again_until_the_receiver_answers_and_then_no_more()
    {
        var sender = Entity("counter/hj/A");

        sender.Tell(Inputs("counter/hj/A", (new Forward("counter/hj/B", "f"), "e1")));
        ExpectMsg<InputsAccepted>();

        var first = _router.ExpectMsg<EntityTell>(t => t.Target == EntityId.Parse("counter/hj/B"));
        Assert.Equal(new Add("f"), first.Message);
        var again = _router.ExpectMsg<EntityTell>(TimeSpan.FromSeconds(3));
        Assert.Equal(first.Id, again.Id);
        _router.Reply(new TellDelivered(first.Id));
        _router.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Tells_of_writes_in_flight_together_get_the_ids_of_their_own_events()
    {
        var sender = Entity("counter/hj/A");

        // Three messages before the first write is confirmed: their events are in flight together.
        foreach (var n in new[] { 1, 2, 3 })
            sender.Tell(Inputs("counter/hj/A", (new Forward("counter/hj/B", $"f{n}"), $"e{n}")));
        ExpectMsg<InputsAccepted>();
        ExpectMsg<InputsAccepted>();
        ExpectMsg<InputsAccepted>();

        var ids = _router.ReceiveN(3).Cast<EntityTell>().Select(t => t.Id).ToArray();
        Assert.Equal([EntityTell.MakeId(1, 0), EntityTell.MakeId(2, 0), EntityTell.MakeId(3, 0)], ids);
        Stop(sender);
        _router.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => m);
        Entity("counter/hj/A");
        Assert.Equal(ids, _router.ReceiveN(3).Cast<EntityTell>().Select(t => t.Id).Order().ToArray());
    }

    [Fact]
    public void A_repeated_tell_is_applied_once_and_answered_each_time()
    {
        var receiver = Entity("counter/hj/B");
        var tell = new EntityTell(EntityId.Parse("counter/hj/B"), EntityId.Parse("counter/hj/A"), EntityTell.MakeId(7, 0), 0, Start, new Add("f"));

        receiver.Tell(tell);
        receiver.Tell(tell);

        Assert.Equal(tell.Id, ExpectMsg<TellDelivered>().Id);
        Assert.Equal(tell.Id, ExpectMsg<TellDelivered>().Id);
        Assert.Equal([new Added("f", 1)], _outputs.All.Select(o => o.Output));
    }

    [Fact]
    public void A_repeated_tell_is_still_recognised_after_the_receiver_restarts()
    {
        var receiver = Entity("counter/hj/B");
        var tell = new EntityTell(EntityId.Parse("counter/hj/B"), EntityId.Parse("counter/hj/A"), EntityTell.MakeId(7, 0), 0, Start, new Add("f"));
        receiver.Tell(tell);
        ExpectMsg<TellDelivered>();
        Stop(receiver);

        var restarted = Entity("counter/hj/B");
        restarted.Tell(tell);
        restarted.Tell(new EntityTell(tell.Target, tell.Sender, EntityTell.MakeId(8, 0), 0, Start, new Add("g")));

        ExpectMsg<TellDelivered>();
        ExpectMsg<TellDelivered>();
        Assert.Equal([new Added("f", 1), new Added("g", 2)], _outputs.All.Select(o => o.Output));
    }

    [Fact]
    public void A_tell_below_the_senders_horizon_is_a_repeat_and_ids_below_it_are_forgotten()
    {
        var inbox = new Campus.Actors.Hosting.Inbox();
        inbox.RecordTell("counter/hj/A", EntityTell.MakeId(3, 0), horizon: 0);
        inbox.RecordTell("counter/hj/A", EntityTell.MakeId(5, 1), horizon: 0);

        inbox.RecordTell("counter/hj/A", EntityTell.MakeId(9, 0), horizon: 5);

        Assert.True(inbox.HasTell("counter/hj/A", EntityTell.MakeId(3, 0)));
        Assert.True(inbox.HasTell("counter/hj/A", EntityTell.MakeId(5, 1)));
        Assert.False(inbox.HasTell("counter/hj/A", EntityTell.MakeId(5, 2)));
        var window = Assert.Single(inbox.TellWindows());
        Assert.Equal([EntityTell.MakeId(5, 1), EntityTell.MakeId(9, 0)], window.Ids.ToArray());
    }

    [Fact]
    public void A_device_event_id_is_remembered_for_the_dedup_window_after_the_devices_newest_event()
    {
        var inbox = new Campus.Actors.Hosting.Inbox();
        var window = TimeSpan.FromDays(7);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        inbox.RecordInput("device:hj/gate", "old", start, window);
        inbox.RecordInput("device:hj/gate", "week-old", start.AddDays(1), window);
        // A busy reader: an event every minute for a week, far more than the ids always kept.
        for (var minute = 0; minute < 7 * 24 * 60; minute++)
            inbox.RecordInput("device:hj/gate", $"e{minute}", start.AddDays(1).AddMinutes(minute + 1), window);
        inbox.RecordInput("device:hj/gate", "newest", start.AddDays(8).AddHours(12), window);

        Assert.False(inbox.HasInput("device:hj/gate", "old"));
        Assert.False(inbox.HasInput("device:hj/gate", "week-old"));
        Assert.True(inbox.HasInput("device:hj/gate", "e1000"));
        Assert.True(inbox.HasInput("device:hj/gate", "newest"));
        Assert.False(inbox.HasInput("device:hj/other", "newest"));
    }

    [Fact]
    public void A_restarted_sender_sends_again_what_it_still_owes()
    {
        var sender = Entity("counter/hj/A");
        sender.Tell(Inputs("counter/hj/A", (new Forward("counter/hj/B", "f"), "e1")));
        ExpectMsg<InputsAccepted>();
        var owed = _router.ExpectMsg<EntityTell>();
        Stop(sender);
        _router.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => m);

        Entity("counter/hj/A");

        var resent = _router.ExpectMsg<EntityTell>();
        Assert.Equal((owed.Id, owed.Message), (resent.Id, resent.Message));
    }

    [Fact]
    public void A_message_its_behaviour_fails_on_is_set_aside_reported_once_and_the_entity_goes_on()
    {
        var fragile = Entity("fragile/hj/A");

        fragile.Tell(Inputs("fragile/hj/A", (new Boom("bad data"), "e1"), (new Add("x"), "e2")));

        Assert.Equal(new InputsAccepted(2, 0), ExpectMsg<InputsAccepted>());
        var setAside = Assert.IsType<InputSetAside>(_outputs.All[0].Output);
        Assert.Equal(("fragile/hj/A", "e1", "Boom", "bad data"), (setAside.Entity, setAside.EventId, setAside.MessageType, setAside.Error));
        Assert.Equal(new Added("x", 1), _outputs.All[1].Output);
        fragile.Tell(Inputs("fragile/hj/A", (new Boom("bad data"), "e1")));
        Assert.Equal(new InputsAccepted(0, 1), ExpectMsg<InputsAccepted>());
        Stop(fragile);

        var restarted = Entity("fragile/hj/A");
        restarted.Tell(Inputs("fragile/hj/A", (new Add("y"), "e3")));
        ExpectMsg<InputsAccepted>();
        Assert.Equal(new Added("y", 2), _outputs.All[^1].Output);
    }

    [Fact]
    public void A_deferred_message_waits_across_a_restart_and_is_handled_once_the_state_changes()
    {
        var gated = Entity("gated/hj/A");
        gated.Tell(Inputs("gated/hj/A", (new Add("early"), "e1")));
        ExpectMsg<InputsAccepted>();
        Assert.Empty(_outputs.All);
        Stop(gated);

        var restarted = Entity("gated/hj/A");
        restarted.Tell(Inputs("gated/hj/A", (new Open(), "e2"), (new Add("late"), "e3")));

        ExpectMsg<InputsAccepted>();
        Assert.Equal([new Added("early", 1), new Added("late", 2)], _outputs.All.Select(o => o.Output));
        Stop(restarted);
        Entity("gated/hj/A").Tell(new PeekEntity(EntityId.Parse("gated/hj/A")));
        Assert.Equal(new GatedState(true, 2), ExpectMsg<EntityStateReply>().State);
    }

    [Fact]
    public void An_event_the_serializer_cannot_read_is_skipped_and_the_entity_recovers_the_rest()
    {
        var counter = Entity("counter/hj/A");
        counter.Tell(Inputs("counter/hj/A", (new Add("x"), "e1")));
        ExpectMsg<InputsAccepted>();
        Stop(counter);
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter("counter/hj/A", new UnreadableEvent("E1", "bad bytes"))));
        writer.Tell("write");
        ExpectMsg("written");
        Stop(writer);

        var recovered = Entity("counter/hj/A");
        recovered.Tell(new PeekEntity(EntityId.Parse("counter/hj/A")));

        Assert.Equal(new CounterState(1), ExpectMsg<EntityStateReply>().State);
    }

    [Fact]
    public void Snapshots_bring_back_state_and_owed_tells()
    {
        var host = new EntityHost(Samples.Behaviors(), Samples.Codec(), new ManualClock(Start), _outputs,
            new EntityHostOptions { RedeliverInterval = TimeSpan.FromSeconds(30), SnapshotEvery = 2 })
        {
            Router = _router.Ref,
        };
        var sender = Sys.ActorOf(EntityActor.Props("counter/hj/A", host));
        sender.Tell(Inputs("counter/hj/A", (new Add("1"), "e1"), (new Forward("counter/hj/B", "f"), "e2"), (new Add("2"), "e3")));
        ExpectMsg<InputsAccepted>();
        var owed = _router.ExpectMsg<EntityTell>();
        Stop(sender);

        var recovered = Sys.ActorOf(EntityActor.Props("counter/hj/A", host));
        recovered.Tell(new PeekEntity(EntityId.Parse("counter/hj/A")));

        Assert.Equal(owed.Id, _router.ExpectMsg<EntityTell>().Id);
        var reply = ExpectMsg<EntityStateReply>();
        Assert.Equal((new CounterState(2), 1), (reply.State, reply.PendingTells));
    }

    /// <summary>Writes one event under a persistence id, as a damaged or foreign row in the journal would be.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object @event)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<string>(_ =>
            {
                var replyTo = Sender;
                Persist(@event, _ => replyTo.Tell("written"));
            });
        }

        public override string PersistenceId { get; }
    }
}
