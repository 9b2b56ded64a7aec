using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Campus.Actors.Runtime;

/// <summary>Converts entity cells to and from their durable snapshots (state JSON plus timers JSON).</summary>
internal sealed class SnapshotCodec(MessageCodec codec)
{
    public EntitySnapshot ToSnapshot(EntityCell cell)
    {
        var state = codec.EncodeState(cell.State, cell.Behavior.StateType);
        return new EntitySnapshot(cell.Id.ToString(), state, EncodeTimers(cell));
    }

    public EntityCell FromSnapshot(EntitySnapshot snapshot, EntityBehavior behavior, EntityId id)
    {
        var cell = new EntityCell(id, behavior, codec.DecodeState(snapshot.State, behavior.StateType));
        if (snapshot.Timers is { Length: > 0 } timers) DecodeTimers(cell, timers);
        return cell;
    }

    private byte[]? EncodeTimers(EntityCell cell)
    {
        if (cell.Timers is null && cell.TimerSeq == 0) return null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", cell.TimerSeq);
            writer.WriteStartArray("timers");
            foreach (var slot in cell.Timers ?? [])
            {
                var (type, payload) = codec.Encode(slot.Message);
                writer.WriteStartObject();
                writer.WriteString("name", slot.Name);
                writer.WriteNumber("seq", slot.Seq);
                writer.WriteString("due", new DateTimeOffset(slot.DueTicks, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
                writer.WriteString("type", type);
                writer.WritePropertyName("message");
                writer.WriteRawValue(payload, skipInputValidation: true);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private void DecodeTimers(EntityCell cell, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        cell.TimerSeq = root.GetProperty("seq").GetInt64();
        foreach (var item in root.GetProperty("timers").EnumerateArray())
        {
            var message = codec.Decode(item.GetProperty("type").GetString()!, System.Text.Encoding.UTF8.GetBytes(item.GetProperty("message").GetRawText()));
            var due = DateTimeOffset.Parse(item.GetProperty("due").GetString()!, CultureInfo.InvariantCulture);
            (cell.Timers ??= []).Add(new TimerSlot(item.GetProperty("name").GetString()!, item.GetProperty("seq").GetInt64(), due.UtcTicks, message));
        }
    }
}
