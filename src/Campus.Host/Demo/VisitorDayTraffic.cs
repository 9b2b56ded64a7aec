using System.Globalization;
using Campus.Actors.Devices;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;

namespace Campus.Host.Demo;

/// <summary>
/// The visitors and vehicles of one simulated school day on the demo campus, as the inputs staff
/// and devices would make: pure and deterministic, so a restarted generator sends the same inputs
/// under the same ids. Needs a visitor kiosk and a plate camera; a campus without them gets none.
/// </summary>
/// <remarks>
/// Before school a plate goes on the watch list. Expected: a parent visits a class 10:00-11:00, by
/// car; their unknown face at the kiosk's gate just after they check in is not an intruder. A
/// courier walks in at 13:00 and leaves at 13:20. An inspector registered for 14:00-15:00 stays
/// until 16:10 (visitor-overstay at 15:30, cleared at check-out). A visitor whose car is on the
/// watch list is registered at 08:30 (watch-list, at registration). Staff cars come 07:00-07:30
/// and leave 17:30-18:00; the canteen's delivery van, allowed 06:00-09:00, comes at 10:30
/// (vehicle-outside-hours); an unknown car comes in at 11:15 and leaves at 11:40; one read at noon
/// is too unsure to count.
/// </remarks>
public static class VisitorDayTraffic
{
    /// <summary>Who the demo's desk registrations are made by.</summary>
    public const string Guard = "demo-guard";

    /// <summary>The watch-listed plate of the demo.</summary>
    public const string WatchedPlate = "浙AX9999";

    /// <summary>An unknown plate that comes and goes.</summary>
    public const string UnknownPlate = "浙B77Q21";

    /// <summary>The inputs of <paramref name="day"/> (a school day; none on other days), by time.</summary>
    public static IReadOnlyList<EntityInput> For(CampusManifest campus, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(campus);
        var kiosk = campus.Devices.FirstOrDefault(d => d.Kind == DeviceKind.VisitorKiosk);
        var anpr = campus.Devices.FirstOrDefault(d => d.Kind == DeviceKind.PlateCamera);
        var classroom = campus.Classrooms.FirstOrDefault();
        if (kiosk is null || anpr is null || classroom is null || !campus.Rules.Calendar.IsSchoolDay(day)) return [];
        var plan = new Plan(campus, day, kiosk, anpr, classroom);
        plan.Build();
        return [.. plan.Inputs.OrderBy(i => i.OccurredAt).ThenBy(i => i.EventId, StringComparer.Ordinal)];
    }

    /// <summary>The demo's visit code for a visit of the day: derived, so a restart names the same visit (a real registration's code is random).</summary>
    public static string Code(DateOnly day, string visit)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"demo|{day:yyyyMMdd}|{visit}"));
        return VisitCodes.FromBytes(hash);
    }

    private sealed class Plan(CampusManifest campus, DateOnly day, DeviceInfo kiosk, DeviceInfo anpr, ClassroomInfo classroom)
    {
        private readonly string _tag = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        public List<EntityInput> Inputs { get; } = [];

        private CampusRules Rules => campus.Rules;

        private string CampusId => campus.CampusId;

        public void Build()
        {
            Desk("watch", CampusIds.WatchList(CampusId), At(6, 0),
                new AddWatchEntry("W-demo-plate", WatchKind.Plate, WatchedPlate, WatchedPlate, "Reported loitering at the school gate", Guard));

            // A parent, expected, by car; their face is not on the roster, so the gate reader fails it right after the kiosk check-in.
            var parent = Visit("parent", "Liu Fang", "Parent meeting with the class teacher", At(10, 0), At(11, 0), companions: 1, plate: "浙A·L3306", registered: At(7, 0));
            Plate("parent-car-in", "浙AL3306", Direction.In, At(9, 50));
            Kiosk("parent-in", parent, Direction.In, At(9, 55));
            if (campus.Devices.FirstOrDefault(d => d.Kind == DeviceKind.GateReader && d.LocationId == kiosk.LocationId) is { } reader)
                Device("parent-face", reader.Id, At(9, 56), DeviceEventType.Access, direction: Direction.In);
            Kiosk("parent-out", parent, Direction.Out, At(10, 50));
            Plate("parent-car-out", "浙AL3306", Direction.Out, At(10, 55));

            // A visitor whose car is on the watch list: security hears at registration.
            Visit("watched", "Sun Hao", "Sales visit", At(9, 0), At(10, 0), companions: 0, plate: WatchedPlate, registered: At(8, 30));

            // A courier walks in and leaves.
            var courier = Code(day, "courier");
            var walkIn = new VisitDetails("Zhang Wei", "13800000000", "Parcel for the office", VisitHostKind.Class, classroom.Id, classroom.Name,
                At(13, 0), At(13, 30), 0, null, null, null, WalkIn: true, Guard);
            Desk("courier-register", CampusIds.Visit(CampusId, courier), At(13, 0), new RegisterVisit(walkIn, Rules, Approved: true));
            // Checked in just after the registration (inputs of one instant go in the order of their ids).
            Desk("courier-in", CampusIds.Visit(CampusId, courier), At(13, 0) + TimeSpan.FromSeconds(10), new CheckInVisitor(kiosk.LocationId, Guard));
            Desk("courier-out", CampusIds.Visit(CampusId, courier), At(13, 20), new CheckOutVisitor(kiosk.LocationId, Guard));

            // An inspector who overstays.
            var inspector = Visit("inspector", "Wu Min", "Fire safety inspection", At(14, 0), At(15, 0), companions: 2, plate: null, registered: At(7, 30));
            Kiosk("inspector-in", inspector, Direction.In, At(14, 2));
            Kiosk("inspector-out", inspector, Direction.Out, At(16, 10));

            // Vehicles.
            foreach (var (vehicle, i) in campus.Vehicles.Where(v => v.Category == VehicleCategory.Staff).Select((v, i) => (v, i)))
            {
                Plate($"staff-in-{i}", vehicle.Plate, Direction.In, At(7, 0) + TimeSpan.FromMinutes(7 * i));
                Plate($"staff-out-{i}", vehicle.Plate, Direction.Out, At(17, 30) + TimeSpan.FromMinutes(7 * i));
            }
            if (campus.Vehicles.FirstOrDefault(v => v.Category == VehicleCategory.Delivery) is { } delivery)
            {
                Plate("delivery-in", delivery.Plate, Direction.In, At(10, 30));
                Plate("delivery-out", delivery.Plate, Direction.Out, At(10, 45));
            }
            Plate("unknown-in", UnknownPlate, Direction.In, At(11, 15));
            Plate("unknown-out", UnknownPlate, Direction.Out, At(11, 40));
            Plate("unsure", "浙A0000", Direction.In, At(12, 0), confidence: 0.42);
        }

        private string Visit(string name, string visitor, string purpose, DateTimeOffset arrival, DateTimeOffset departure, int companions, string? plate, DateTimeOffset registered)
        {
            var code = Code(day, name);
            var details = new VisitDetails(visitor, "13900000000", purpose, VisitHostKind.Class, classroom.Id, classroom.Name, arrival, departure, companions,
                plate is null ? null : Plates.Normalize(plate), null, null, WalkIn: false, Guard);
            Desk(name + "-register", CampusIds.Visit(CampusId, code), registered, new RegisterVisit(details, Rules, Approved: true));
            return code;
        }

        private void Desk(string id, Actors.Entities.EntityId target, DateTimeOffset at, object message) =>
            Inputs.Add(new EntityInput(target, message, "demo-desk", $"sim-{_tag}-{id}", at));

        private void Kiosk(string id, string code, Direction direction, DateTimeOffset at) =>
            Device(id, kiosk.Id, at, DeviceEventType.Visitor, direction: direction, visitCode: code);

        private void Plate(string id, string plate, Direction direction, DateTimeOffset at, double confidence = 0.97) =>
            Device(id, anpr.Id, at, DeviceEventType.Plate, direction: direction, plate: Plates.Normalize(plate), confidence: confidence);

        private void Device(string id, string deviceId, DateTimeOffset at, DeviceEventType type, Direction? direction = null, string? visitCode = null, string? plate = null, double? confidence = null)
        {
            var report = new DeviceReported($"sim-{_tag}-{id}", deviceId, at, type, null, direction, VisitCode: visitCode, Plate: plate, Confidence: confidence);
            Inputs.Add(Ingest.IngestApi.Input(new Devices.DeviceIdentity(CampusId, deviceId), report));
        }

        private DateTimeOffset At(int hour, int minute) => Rules.At(day, new TimeOnly(hour, minute));
    }
}
