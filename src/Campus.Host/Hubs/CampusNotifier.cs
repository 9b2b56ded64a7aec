using System.Threading.Channels;
using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Hosting;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;
using Microsoft.AspNetCore.SignalR;

namespace Campus.Host.Hubs;

/// <summary>
/// Pushes the entities' outputs to the console through <see cref="CampusHub"/>. The output bridge
/// calls <see cref="OnOutput"/> on its actor's thread, so outputs are only queued there; this
/// service sends them, batching presence changes (a class of 40 scanning in is one message, not 40).
/// Each goes only to the hub groups allowed to see it: alerts to the campus and their scope's dorm
/// or class; notices to the campus (guardians get theirs from the notification dispatcher); presence to the campus and to the
/// student's own dorm and class (their supervisor's and teacher's roll calls); devices and camera
/// zone counts to the campus; visits to the campus, their host and their registrant; a visitor's
/// arrival to their host only; the vehicle log to the campus. Alerts, presence, devices and zone
/// counts go to the campus's viewer group too (a county account following the campus's wall, read-only).
/// </summary>
public sealed class CampusNotifier(IHubContext<CampusHub, IConsoleClient> hub, Campus.CampusDirectory directory, ILogger<CampusNotifier> logger)
    : BackgroundService, IOutputListener
{
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    /// <summary>How long presence changes are gathered before one push.</summary>
    public static TimeSpan PresenceBatch { get; } = TimeSpan.FromMilliseconds(200);

    private readonly System.Collections.Concurrent.ConcurrentQueue<PresenceChanged> _presence = new();

    public void OnOutput(EntityOutput output)
    {
        switch (output.Output)
        {
            case PresenceChanged presence:
                _presence.Enqueue(presence);
                break;
            case AlertChanged or GuardianNotice or DeviceHealthChanged or ZoneOccupancyChanged
                or VisitChanged or VisitorArrived or VehiclePassed:
                _queue.Writer.TryWrite(output.Output);
                break;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PushEventsAsync(stoppingToken), PushPresenceAsync(stoppingToken));

    private async Task PushEventsAsync(CancellationToken stoppingToken)
    {
        await foreach (var output in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                switch (output)
                {
                    case AlertChanged alert:
                        await hub.Clients.Groups(AlertGroups(alert)).Alert(AlertView.From(alert));
                        break;
                    case GuardianNotice notice:
                        // Guardians get their notices from the notification dispatcher (their own group,
                        // their preferences and quiet hours, a receipt each), never from this live feed.
                        await hub.Clients.Group(CampusHub.CampusGroup(notice.CampusId)).Notice(NoticeView.From(notice));
                        break;
                    case DeviceHealthChanged device:
                        await hub.Clients.Groups(CampusHub.CampusGroup(device.CampusId), CampusHub.ViewerGroup(device.CampusId)).Device(DeviceView.From(device));
                        break;
                    case ZoneOccupancyChanged zone:
                        await hub.Clients.Groups(CampusHub.CampusGroup(zone.CampusId), CampusHub.ViewerGroup(zone.CampusId)).Zone(ZoneView.From(zone));
                        break;
                    case VisitChanged visit:
                        await hub.Clients.Groups(VisitGroups(visit)).Visit(VisitView.From(visit));
                        break;
                    case VisitorArrived arrived:
                        await hub.Clients.Group(HostGroup(arrived.CampusId, arrived.HostKind, arrived.HostId)).VisitorArrived(VisitorArrivedView.From(arrived));
                        break;
                    case VehiclePassed vehicle:
                        await hub.Clients.Group(CampusHub.CampusGroup(vehicle.CampusId)).Vehicle(VehicleView.From(vehicle));
                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not push {Output} to the console", output.GetType().Name);
            }
        }
    }

    /// <summary>
    /// An alert goes to the campus (security), to its viewers (county, read-only) and to its scope's
    /// group (a dorm's supervisors, a class's teachers); never to guardians.
    /// </summary>
    public static IReadOnlyList<string> AlertGroups(AlertChanged alert) => AlertScope.TryParse(alert.Scope, out var scope)
        ? [CampusHub.CampusGroup(alert.CampusId), CampusHub.ViewerGroup(alert.CampusId),
            scope.Kind == AlertScopeKind.Dorm ? CampusHub.DormGroup(alert.CampusId, scope.Id) : CampusHub.ClassGroup(alert.CampusId, scope.Id)]
        : [CampusHub.CampusGroup(alert.CampusId), CampusHub.ViewerGroup(alert.CampusId)];

    /// <summary>A visit goes to the campus (security), to its host (the staff member, or the class's teachers) and to whoever registered or requested it.</summary>
    public static IReadOnlyList<string> VisitGroups(VisitChanged visit) =>
        [.. new[] { CampusHub.CampusGroup(visit.CampusId), HostGroup(visit.CampusId, visit.HostKind, visit.HostId), CampusHub.UserGroup(visit.RegisteredBy) }.Distinct()];

    /// <summary>The group of a visitor's host: the staff member's own group, or the class's teachers.</summary>
    public static string HostGroup(string campusId, VisitHostKind kind, string hostId) =>
        kind == VisitHostKind.Staff ? CampusHub.UserGroup(hostId) : CampusHub.ClassGroup(campusId, hostId);

    private async Task PushPresenceAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PresenceBatch);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_presence.IsEmpty) continue;
            var batch = new Dictionary<string, List<PresenceView>>(StringComparer.Ordinal);
            void Add(string group, PresenceView view)
            {
                if (!batch.TryGetValue(group, out var list)) batch[group] = list = [];
                list.Add(view);
            }
            while (_presence.TryDequeue(out var change))
            {
                var view = new PresenceView(change.CampusId, change.PersonId, change.FromLocation, change.ToLocation, change.At);
                Add(CampusHub.CampusGroup(change.CampusId), view);
                Add(CampusHub.ViewerGroup(change.CampusId), view);
                if (directory.Student(change.CampusId, change.PersonId) is { } student)
                {
                    if (student.Boarding && student.DormId is { } dorm) Add(CampusHub.DormGroup(change.CampusId, dorm), view);
                    Add(CampusHub.ClassGroup(change.CampusId, student.ClassId), view);
                }
            }
            foreach (var (group, changes) in batch)
            {
                try
                {
                    await hub.Clients.Group(group).Presence(changes);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not push presence to the console");
                }
            }
        }
    }
}
