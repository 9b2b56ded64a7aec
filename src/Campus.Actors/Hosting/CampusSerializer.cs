using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Campus.Actors.Entities;

namespace Campus.Actors.Hosting;

/// <summary>
/// Writes the hosting's messages, journal events and snapshots as JSON, with the domain messages
/// inside them under their registered codec names, so renaming a C# type never breaks a stored
/// journal. Used for the journal, the snapshot store and messages between nodes.
/// </summary>
public sealed class CampusSerializer(ExtendedActorSystem system, MessageCodec codec) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer's id in Akka's registry (ids up to 100 are Akka's own).</summary>
    public const int Id = 7001;

    /// <summary>The types this serializer writes.</summary>
    public static readonly IReadOnlyList<Type> BoundTypes =
    [
        typeof(EntityEvent), typeof(EntitySnapshot), typeof(EntityTell), typeof(TellDelivered), typeof(DeliverInputs),
        typeof(InputsAccepted), typeof(InputsRefused), typeof(EntityOutput), typeof(WakeUp), typeof(StopEntity), typeof(PeekEntity),
    ];

    private const string EventManifest = "E1";
    private const string SnapshotManifest = "S1";
    private const string TellManifest = "T1";
    private const string DeliveredManifest = "D1";
    private const string InputsManifest = "I1";
    private const string AcceptedManifest = "A1";
    private const string RefusedManifest = "R1";
    private const string OutputManifest = "O1";
    private const string WakeManifest = "W1";
    private const string StopManifest = "X1";
    private const string PeekManifest = "P1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        EntityEvent => EventManifest,
        EntitySnapshot => SnapshotManifest,
        EntityTell => TellManifest,
        TellDelivered => DeliveredManifest,
        DeliverInputs => InputsManifest,
        InputsAccepted => AcceptedManifest,
        InputsRefused => RefusedManifest,
        EntityOutput => OutputManifest,
        WakeUp => WakeManifest,
        StopEntity => StopManifest,
        PeekEntity => PeekManifest,
        _ => throw new ArgumentException($"{o.GetType().Name} is not written by the campus serializer.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (obj)
            {
                case EntityEvent e:
                    WriteEvent(writer, e);
                    break;
                case EntitySnapshot s:
                    WriteSnapshot(writer, s);
                    break;
                case EntityTell t:
                    writer.WriteString("g", t.Target.ToString());
                    writer.WriteString("f", t.Sender.ToString());
                    writer.WriteNumber("i", t.Id);
                    writer.WriteNumber("h", t.Horizon);
                    WriteTime(writer, "a", t.At);
                    writer.WritePropertyName("m");
                    codec.Write(writer, t.Message);
                    break;
                case TellDelivered d:
                    writer.WriteNumber("i", d.Id);
                    break;
                case DeliverInputs d:
                    writer.WriteString("g", d.Target.ToString());
                    writer.WriteStartArray("in");
                    foreach (var input in d.Inputs)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("g", input.Target.ToString());
                        writer.WriteString("s", input.Source);
                        if (input.EventId is not null) writer.WriteString("e", input.EventId);
                        WriteTime(writer, "a", input.OccurredAt);
                        writer.WritePropertyName("m");
                        codec.Write(writer, input.Message);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    break;
                case InputsAccepted a:
                    writer.WriteNumber("s", a.Stored);
                    writer.WriteNumber("d", a.Duplicates);
                    break;
                case InputsRefused r:
                    writer.WriteString("r", r.Reason);
                    writer.WriteBoolean("u", r.StoreUnavailable);
                    break;
                case EntityOutput o:
                    writer.WriteString("i", o.OutputId);
                    writer.WriteString("g", o.Entity.ToString());
                    WriteTime(writer, "a", o.OccurredAt);
                    writer.WritePropertyName("m");
                    codec.Write(writer, o.Output);
                    break;
                case PeekEntity p:
                    writer.WriteString("g", p.Target.ToString());
                    break;
                case WakeUp or StopEntity:
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType().Name} is not written by the campus serializer.", nameof(obj));
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == EventManifest)
        {
            // A stored event that cannot be read must not stop its entity from recovering: it is reported and skipped.
            try
            {
                using var document = JsonDocument.Parse(bytes);
                return ReadEvent(document.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
            {
                return new UnreadableEvent(manifest, ex.Message);
            }
        }
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        return manifest switch
        {
            SnapshotManifest => ReadSnapshot(root),
            TellManifest => new EntityTell(EntityId.Parse(root.GetProperty("g").GetString()!), EntityId.Parse(root.GetProperty("f").GetString()!),
                root.GetProperty("i").GetInt64(), root.GetProperty("h").GetInt64(), ReadTime(root, "a"), codec.Read(root.GetProperty("m"))),
            DeliveredManifest => new TellDelivered(root.GetProperty("i").GetInt64()),
            InputsManifest => new DeliverInputs(EntityId.Parse(root.GetProperty("g").GetString()!),
                [.. root.GetProperty("in").EnumerateArray().Select(i => new EntityInput(EntityId.Parse(i.GetProperty("g").GetString()!), codec.Read(i.GetProperty("m")),
                    i.GetProperty("s").GetString()!, i.TryGetProperty("e", out var e) ? e.GetString() : null, ReadTime(i, "a")))]),
            AcceptedManifest => new InputsAccepted(root.GetProperty("s").GetInt32(), root.GetProperty("d").GetInt32()),
            RefusedManifest => new InputsRefused(root.GetProperty("r").GetString()!, root.GetProperty("u").GetBoolean()),
            OutputManifest => new EntityOutput(root.GetProperty("i").GetString()!, EntityId.Parse(root.GetProperty("g").GetString()!),
                codec.Read(root.GetProperty("m")), ReadTime(root, "a")),
            PeekManifest => new PeekEntity(EntityId.Parse(root.GetProperty("g").GetString()!)),
            WakeManifest => WakeUp.Instance,
            StopManifest => StopEntity.Instance,
            _ => throw new ArgumentException($"Unknown manifest '{manifest}' for the campus serializer.", nameof(manifest)),
        };
    }

    private void WriteEvent(Utf8JsonWriter writer, EntityEvent e)
    {
        writer.WriteString("o", e.Origin switch { EventOrigin.Input => "input", EventOrigin.Tell => "tell", EventOrigin.Retry => "retry", _ => "timer" });
        writer.WriteString("s", e.Source);
        if (e.EventId is not null) writer.WriteString("e", e.EventId);
        if (e.Seq != 0) writer.WriteNumber("q", e.Seq);
        if (e.Horizon != 0) writer.WriteNumber("h", e.Horizon);
        WriteTime(writer, "a", e.At);
        writer.WritePropertyName("m");
        if (e.SetAside && !codec.IsRegistered(e.Message.GetType()))
        {
            // An input set aside because nothing can write it: its type name is all that is kept.
            writer.WriteStartObject();
            writer.WriteString("t", "$unregistered");
            writer.WriteString("p", e.Message.GetType().FullName);
            writer.WriteEndObject();
        }
        else
        {
            codec.Write(writer, e.Message);
        }
        if (!e.Outputs.IsDefaultOrEmpty)
        {
            writer.WriteStartArray("out");
            foreach (var output in e.Outputs) codec.Write(writer, output);
            writer.WriteEndArray();
        }
        if (e.SetAside) writer.WriteBoolean("x", true);
        if (e.Deferred) writer.WriteBoolean("w", true);
    }

    private EntityEvent ReadEvent(JsonElement root) => new(
        root.GetProperty("o").GetString() switch
        {
            "input" => EventOrigin.Input,
            "tell" => EventOrigin.Tell,
            "timer" => EventOrigin.Timer,
            "retry" => EventOrigin.Retry,
            var other => throw new JsonException($"Unknown event origin '{other}'."),
        },
        root.GetProperty("s").GetString()!,
        root.TryGetProperty("e", out var e) ? e.GetString() : null,
        root.TryGetProperty("q", out var q) ? q.GetInt64() : 0,
        root.TryGetProperty("h", out var h) ? h.GetInt64() : 0,
        ReadTime(root, "a"),
        root.TryGetProperty("x", out var x) && x.GetBoolean() ? ReadSetAsideMessage(root.GetProperty("m")) : codec.Read(root.GetProperty("m")),
        root.TryGetProperty("out", out var outputs) ? [.. outputs.EnumerateArray().Select(codec.Read)] : [],
        root.TryGetProperty("x", out var setAside) && setAside.GetBoolean(),
        root.TryGetProperty("w", out var deferred) && deferred.GetBoolean());

    /// <summary>A set-aside message is kept for admins to read; if even it cannot be decoded, its JSON stands in for it.</summary>
    private object ReadSetAsideMessage(JsonElement message)
    {
        try
        {
            return codec.Read(message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return message.GetRawText();
        }
    }

    private void WriteSnapshot(Utf8JsonWriter writer, EntitySnapshot s)
    {
        writer.WritePropertyName("state");
        writer.WriteRawValue(s.State.Span, skipInputValidation: true);
        writer.WriteNumber("ts", s.TimerSeq);
        writer.WriteStartArray("timers");
        foreach (var t in s.Timers.IsDefault ? [] : s.Timers)
        {
            writer.WriteStartObject();
            writer.WriteString("n", t.Name);
            writer.WriteNumber("q", t.Seq);
            WriteTime(writer, "d", t.Due);
            writer.WritePropertyName("m");
            codec.Write(writer, t.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("tells");
        foreach (var w in s.Tells.IsDefault ? [] : s.Tells)
        {
            writer.WriteStartObject();
            writer.WriteString("s", w.Sender);
            writer.WriteNumber("h", w.Horizon);
            writer.WriteStartArray("ids");
            foreach (var id in w.Ids) writer.WriteNumberValue(id);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("inputs");
        foreach (var w in s.Inputs.IsDefault ? [] : s.Inputs)
        {
            writer.WriteStartObject();
            writer.WriteString("s", w.Source);
            writer.WriteNumber("n", w.NewestTicks);
            var pairs = new byte[w.Entries.Length * 16];
            for (var i = 0; i < w.Entries.Length; i++)
            {
                BitConverter.TryWriteBytes(pairs.AsSpan(i * 16, 8), w.Entries[i].Hash);
                BitConverter.TryWriteBytes(pairs.AsSpan(i * 16 + 8, 8), w.Entries[i].Ticks);
            }
            writer.WriteBase64String("e", pairs);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("deferred");
        foreach (var d in s.Deferred.IsDefault ? [] : s.Deferred)
        {
            writer.WriteStartObject();
            writer.WriteNumber("n", d.SequenceNr);
            writer.WriteStartObject("e");
            WriteEvent(writer, d.Event);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("outbox");
        foreach (var p in s.Outbox.IsDefault ? [] : s.Outbox)
        {
            writer.WriteStartObject();
            writer.WriteNumber("i", p.Id);
            writer.WriteString("g", p.Target.ToString());
            WriteTime(writer, "a", p.At);
            writer.WritePropertyName("m");
            codec.Write(writer, p.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private EntitySnapshot ReadSnapshot(JsonElement root)
    {
        var state = System.Text.Encoding.UTF8.GetBytes(root.GetProperty("state").GetRawText());
        var timers = root.GetProperty("timers").EnumerateArray()
            .Select(t => new TimerSlot(t.GetProperty("n").GetString()!, t.GetProperty("q").GetInt64(), ReadTime(t, "d"), codec.Read(t.GetProperty("m"))))
            .ToImmutableArray();
        var tells = root.GetProperty("tells").EnumerateArray()
            .Select(w => new TellWindowSnapshot(w.GetProperty("s").GetString()!, w.GetProperty("h").GetInt64(),
                [.. w.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64())]))
            .ToImmutableArray();
        var inputs = root.GetProperty("inputs").EnumerateArray()
            .Select(w =>
            {
                var pairs = w.GetProperty("e").GetBytesFromBase64();
                var entries = ImmutableArray.CreateBuilder<(long, long)>(pairs.Length / 16);
                for (var i = 0; i + 16 <= pairs.Length; i += 16)
                    entries.Add((BitConverter.ToInt64(pairs, i), BitConverter.ToInt64(pairs, i + 8)));
                return new InputWindowSnapshot(w.GetProperty("s").GetString()!, w.GetProperty("n").GetInt64(), entries.ToImmutable());
            })
            .ToImmutableArray();
        var outbox = root.GetProperty("outbox").EnumerateArray()
            .Select(p => new PendingTell(p.GetProperty("i").GetInt64(), EntityId.Parse(p.GetProperty("g").GetString()!), ReadTime(p, "a"), codec.Read(p.GetProperty("m"))))
            .ToImmutableArray();
        var deferred = root.TryGetProperty("deferred", out var waiting)
            ? waiting.EnumerateArray().Select(d => new DeferredMessage(d.GetProperty("n").GetInt64(), ReadEvent(d.GetProperty("e")))).ToImmutableArray()
            : [];
        return new EntitySnapshot(state, root.GetProperty("ts").GetInt64(), timers, tells, inputs, outbox, deferred);
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset at) =>
        writer.WriteString(name, at.ToString("O", CultureInfo.InvariantCulture));

    private static DateTimeOffset ReadTime(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

/// <summary>Tags every journaled event that carries outputs with <see cref="EntityEvent.OutputsTag"/>, for the projections.</summary>
public sealed class OutputsTagger : IWriteEventAdapter
{
    private static readonly ImmutableHashSet<string> Tags = [EntityEvent.OutputsTag];

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is EntityEvent { Outputs.IsDefaultOrEmpty: false } ? new Tagged(evt, Tags) : evt;
}
