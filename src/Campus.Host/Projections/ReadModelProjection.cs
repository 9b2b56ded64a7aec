using System.Data.Common;
using Akka.Actor;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Notices;
using Campus.Actors.Students;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;
using Campus.Host.Hubs;
using Campus.Host.Storage;

namespace Campus.Host.Projections;

/// <summary>
/// Keeps the read model the queries answer from: the current view of every alert (highest
/// version wins), where each student is, each device's health (the latest, and every change for
/// the daily reports), each camera zone's count, approved leaves, every student's moves and
/// notices, the inputs entities set aside, visits, the vehicle log and the vehicles inside, and the
/// watch list's labels. Every write is idempotent (an upsert guarded by version or time, or
/// insert-if-absent by output id), so a batch applied twice after a crash changes nothing.
/// </summary>
public sealed class ReadModelProjection(ActorSystem system, HostDatabase database, MessageCodec codec, ILogger<ReadModelProjection> logger)
    : JournalProjection("read-model", system, database, logger)
{
    protected override async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            foreach (var output in stored.Outputs)
            {
                var command = Write(connection, transaction, output);
                if (command is null) continue;
                await using (command)
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
    }

    private DbCommand? Write(DbConnection connection, DbTransaction transaction, EntityOutput output) => output.Output switch
    {
        AlertChanged a => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_alerts (campus_id, alert_id, version, status, kind, scope, raised_at, updated_at, body)
            VALUES (@campus, @id, @version, @status, @kind, @scope, @raised, @updated, @body)
            ON CONFLICT (campus_id, alert_id) DO UPDATE SET version = excluded.version, status = excluded.status, kind = excluded.kind,
                scope = excluded.scope, raised_at = excluded.raised_at, updated_at = excluded.updated_at, body = excluded.body
            WHERE excluded.version > read_alerts.version
            """,
            ("campus", a.CampusId), ("id", a.AlertId), ("version", a.Version), ("status", WireName.Of(a.Status)), ("kind", Incidents.KindName(a.Kind)),
            ("scope", a.Scope), ("raised", a.RaisedAt.UtcTicks), ("updated", a.UpdatedAt.UtcTicks), ("body", Json(a))),
        PresenceChanged p => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_presence (campus_id, person_id, from_location, to_location, at) VALUES (@campus, @person, @from, @to, @at)
            ON CONFLICT (campus_id, person_id) DO UPDATE SET from_location = excluded.from_location, to_location = excluded.to_location, at = excluded.at
            WHERE excluded.at >= read_presence.at;
            INSERT INTO read_timeline (campus_id, student_id, at, output_id, type, body) VALUES (@campus, @person, @at, @output, 'out.presence', @body)
            ON CONFLICT DO NOTHING
            """,
            ("campus", p.CampusId), ("person", p.PersonId), ("from", p.FromLocation ?? ""), ("to", p.ToLocation), ("at", p.At.UtcTicks),
            ("output", output.OutputId), ("body", Json(p))),
        GuardianNotice n => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_timeline (campus_id, student_id, at, output_id, type, body) VALUES (@campus, @student, @at, @output, 'out.notice', @body)
            ON CONFLICT DO NOTHING
            """,
            ("campus", n.CampusId), ("student", n.StudentId), ("at", n.At.UtcTicks), ("output", output.OutputId), ("body", Json(n))),
        DeviceHealthChanged d => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_devices (campus_id, device_id, online, last_heard, at, body) VALUES (@campus, @device, @online, @heard, @at, @body)
            ON CONFLICT (campus_id, device_id) DO UPDATE SET online = excluded.online, last_heard = excluded.last_heard, at = excluded.at, body = excluded.body
            WHERE excluded.at >= read_devices.at;
            INSERT INTO read_device_health (campus_id, device_id, at, output_id, online, body) VALUES (@campus, @device, @at, @output, @online, @body)
            ON CONFLICT DO NOTHING
            """,
            ("campus", d.CampusId), ("device", d.DeviceId), ("online", d.Online), ("heard", d.LastHeard.UtcTicks), ("at", d.At.UtcTicks),
            ("output", output.OutputId), ("body", Json(d))),
        ZoneOccupancyChanged z => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_zones (campus_id, zone_id, count, at, body) VALUES (@campus, @zone, @count, @at, @body)
            ON CONFLICT (campus_id, zone_id) DO UPDATE SET count = excluded.count, at = excluded.at, body = excluded.body
            WHERE excluded.at >= read_zones.at
            """,
            ("campus", z.CampusId), ("zone", z.ZoneId), ("count", z.Count), ("at", z.At.UtcTicks), ("body", Json(z))),
        LeaveRecorded l => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_leaves (campus_id, student_id, leave_id, from_at, to_at, body) VALUES (@campus, @student, @leave, @from, @to, @body)
            ON CONFLICT (campus_id, student_id, leave_id) DO UPDATE SET from_at = excluded.from_at, to_at = excluded.to_at, body = excluded.body
            """,
            ("campus", l.CampusId), ("student", l.Leave.StudentId), ("leave", l.Leave.LeaveId), ("from", l.Leave.From.UtcTicks), ("to", l.Leave.To.UtcTicks), ("body", Json(l))),
        InputSetAside s => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_set_aside (output_id, campus_id, entity, source, event_id, at, message_type, error)
            VALUES (@output, @campus, @entity, @source, @event, @at, @type, @error) ON CONFLICT DO NOTHING
            """,
            ("output", output.OutputId), ("campus", s.CampusId), ("entity", s.Entity), ("source", s.Source), ("event", s.EventId), ("at", s.At.UtcTicks),
            ("type", s.MessageType), ("error", s.Error.Length > 2000 ? s.Error[..2000] : s.Error)),
        VisitChanged v => HostDatabase.Command(connection, transaction, """
            INSERT INTO read_visits (campus_id, code, version, status, host_kind, host_id, registered_by, expected_arrival, expected_departure, at, body)
            VALUES (@campus, @code, @version, @status, @hostKind, @host, @by, @arrival, @departure, @at, @body)
            ON CONFLICT (campus_id, code) DO UPDATE SET version = excluded.version, status = excluded.status, host_kind = excluded.host_kind,
                host_id = excluded.host_id, registered_by = excluded.registered_by, expected_arrival = excluded.expected_arrival,
                expected_departure = excluded.expected_departure, at = excluded.at, body = excluded.body
            WHERE excluded.version > read_visits.version
            """,
            ("campus", v.CampusId), ("code", v.Code), ("version", v.Version), ("status", WireName.Of(v.Status)), ("hostKind", WireName.Of(v.HostKind)),
            ("host", v.HostId), ("by", v.RegisteredBy), ("arrival", v.ExpectedArrival.UtcTicks), ("departure", v.ExpectedDeparture.UtcTicks),
            ("at", v.At.UtcTicks), ("body", Json(v))),
        VehiclePassed p => HostDatabase.Command(connection, transaction, p.LowConfidence
            ? """
              INSERT INTO read_vehicle_log (campus_id, at, output_id, plate, body) VALUES (@campus, @at, @output, @plate, @body) ON CONFLICT DO NOTHING
              """
            : p.Direction == Direction.In
            ? """
              INSERT INTO read_vehicle_log (campus_id, at, output_id, plate, body) VALUES (@campus, @at, @output, @plate, @body) ON CONFLICT DO NOTHING;
              INSERT INTO read_vehicles_inside (campus_id, plate, at, body) VALUES (@campus, @plate, @at, @body)
              ON CONFLICT (campus_id, plate) DO UPDATE SET at = excluded.at, body = excluded.body WHERE excluded.at >= read_vehicles_inside.at
              """
            : """
              INSERT INTO read_vehicle_log (campus_id, at, output_id, plate, body) VALUES (@campus, @at, @output, @plate, @body) ON CONFLICT DO NOTHING;
              DELETE FROM read_vehicles_inside WHERE campus_id = @campus AND plate = @plate AND at <= @at
              """,
            ("campus", p.CampusId), ("at", p.At.UtcTicks), ("output", output.OutputId), ("plate", p.Plate), ("body", Json(p))),
        WatchListChanged w => HostDatabase.Command(connection, transaction, w.Removed
            ? "DELETE FROM read_watch_list WHERE campus_id = @campus AND entry_id = @entry AND at <= @at"
            : """
              INSERT INTO read_watch_list (campus_id, entry_id, at, body) VALUES (@campus, @entry, @at, @body)
              ON CONFLICT (campus_id, entry_id) DO UPDATE SET at = excluded.at, body = excluded.body WHERE excluded.at >= read_watch_list.at
              """,
            ("campus", w.CampusId), ("entry", w.EntryId), ("at", w.At.UtcTicks), ("body", Json(w))),
        _ => null,
    };

    private string Json(object output) => System.Text.Encoding.UTF8.GetString(codec.Encode(output).Payload);
}
