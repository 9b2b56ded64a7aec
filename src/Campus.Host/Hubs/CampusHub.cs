using Campus.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Campus.Host.Hubs;

/// <summary>
/// What the console receives (method names in one place): <c>alert</c>, <c>presence</c> (batched),
/// <c>notice</c>, <c>device</c>, <c>zone</c>, <c>visit</c>, <c>visitorArrived</c>, <c>vehicle</c>;
/// for the county wall <c>countyTile</c> (at most one per campus per second) and <c>countyAlert</c>.
/// Payloads are the JSON views in docs/api.md.
/// </summary>
public interface IConsoleClient
{
    Task Alert(AlertView alert);

    Task Presence(IReadOnlyList<PresenceView> changes);

    Task Notice(NoticeView notice);

    Task Device(DeviceView device);

    Task Zone(ZoneView zone);

    Task Visit(VisitView visit);

    Task VisitorArrived(VisitorArrivedView arrival);

    Task Vehicle(VehicleView vehicle);

    /// <summary>A closed daily report, to a subscribed leadership account's own group (once, with a receipt).</summary>
    Task Report(Reports.ReportMessage report);

    /// <summary>A campus's fresh tile on the county wall (<see cref="CountyNotifier"/>: at most one per campus per second).</summary>
    Task CountyTile(County.CampusTile tile);

    /// <summary>A critical or high alert changed, for the county wall's county-wide alert list.</summary>
    Task CountyAlert(AlertView alert);
}

/// <summary>
/// <c>/hubs/campus</c>, for signed-in accounts only. On connect the server joins the connection to
/// the groups its identity may see (nobody subscribes themselves): admin and security the campus,
/// a supervisor their dorms, a teacher their classes, a guardian their children and their own
/// guardian group; a county account the county group of each of its campuses (tiles and critical or
/// high alerts, never every presence batch), admins those too; and every account its own user group
/// (a visitor arriving for them). <see cref="CampusNotifier"/> and <see cref="CountyNotifier"/> push
/// through these groups. A county account following one campus's wall (<see cref="Watch"/>) joins that
/// campus's viewer group, one campus at a time. A connection lives no
/// longer than its session: it is checked like every API request (<see cref="CampusSessions"/>) and
/// closed by <see cref="SessionConnections"/> when the session ends (signed out, expired, the account
/// replaced, with another scope or password, or removed).
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class CampusHub(CampusSessions sessions, SessionConnections connections, Campus.CampusDirectory directory) : Hub<IConsoleClient>
{
    /// <summary>The group of everyone watching a whole campus (admin, security).</summary>
    public static string CampusGroup(string campusId) => "campus:" + campusId;

    /// <summary>The group of a dorm's supervisors.</summary>
    public static string DormGroup(string campusId, string dormId) => $"dorm:{campusId}/{dormId}";

    /// <summary>The group of a class's teachers.</summary>
    public static string ClassGroup(string campusId, string classId) => $"class:{campusId}/{classId}";

    /// <summary>The group of one account (a visitor's host; a visit's registrant).</summary>
    public static string UserGroup(string userName) => "user:" + userName;

    /// <summary>The group of one guardian (notification delivery).</summary>
    public static string GuardianGroup(string campusId, string guardianId) => $"guardian:{campusId}/{guardianId}";

    /// <summary>The group of the county wall's watchers of a campus (county accounts that have it, admins): its tiles and critical or high alerts.</summary>
    public static string CountyGroup(string campusId) => "county:" + campusId;

    /// <summary>
    /// The group of read-only followers of one campus's wall (a county account that stepped into it):
    /// its alerts, presence, devices and camera zones, none of its notices, visits or vehicles.
    /// </summary>
    public static string ViewerGroup(string campusId) => "viewer:" + campusId;

    /// <summary>The connection item holding the campus a county connection follows (<see cref="Watch"/>).</summary>
    private const string FollowedCampus = "followed-campus";

    /// <summary>The groups a signed-in user belongs to on the given campuses (an admin of <c>*</c>: every campus).</summary>
    public static IEnumerable<string> GroupsOf(CampusUser user, IEnumerable<string> campuses)
    {
        foreach (var campus in campuses.Where(user.HasCampus))
        {
            switch (user.Role)
            {
                case Roles.Admin:
                    yield return CampusGroup(campus);
                    yield return CountyGroup(campus);
                    break;
                case Roles.Security:
                    yield return CampusGroup(campus);
                    break;
                case Roles.County:
                    yield return CountyGroup(campus);
                    break;
                case Roles.Supervisor:
                    foreach (var dorm in user.Dorms) yield return DormGroup(campus, dorm);
                    break;
                case Roles.Teacher:
                    foreach (var @class in user.Classes) yield return ClassGroup(campus, @class);
                    break;
                case Roles.Guardian:
                    if (user.GuardianId is { } guardian) yield return GuardianGroup(campus, guardian);
                    break;
            }
        }
    }

    public override async Task OnConnectedAsync()
    {
        var user = CampusUser.From(Context.User!) ?? throw new HubException("Not signed in.");
        // Registered first, then checked: a session that ends from now on closes the connection, one
        // that ended since the request's own check fails here.
        if (CampusSessions.KeyOf(Context.User!) is not { } session) throw new HubException("Not signed in.");
        connections.Add(session, Context);
        if (!sessions.IsCurrent(Context.User!))
        {
            connections.Remove(session, Context.ConnectionId); // a refused connection is not disconnected later
            throw new HubException("The session has ended.");
        }
        foreach (var group in GroupsOf(user, directory.Campuses.Keys)) await Groups.AddToGroupAsync(Context.ConnectionId, group);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(user.UserName));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (CampusSessions.KeyOf(Context.User!) is { } session) connections.Remove(session, Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Fails for a campus the caller has no part of. For every account but a county one it joins
    /// nothing (the server already joined the connection to what it may see). A county account
    /// follows that campus's wall read-only: the connection joins the campus's
    /// <see cref="ViewerGroup"/> and leaves the one it followed before, so it follows one campus at
    /// a time.
    /// </summary>
    public async Task Watch(string campusId)
    {
        var user = CampusUser.From(Context.User!);
        if (user is null || !user.HasCampus(campusId)) throw new HubException($"Not allowed to watch campus '{campusId}'.");
        if (!user.IsCounty) return;
        if (Context.Items.TryGetValue(FollowedCampus, out var before) && before is string previous)
        {
            if (previous == campusId) return;
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, ViewerGroup(previous));
        }
        Context.Items[FollowedCampus] = campusId;
        await Groups.AddToGroupAsync(Context.ConnectionId, ViewerGroup(campusId));
    }
}
