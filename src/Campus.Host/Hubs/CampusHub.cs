using Microsoft.AspNetCore.SignalR;

namespace Campus.Host.Hubs;

/// <summary>
/// What the console receives (method names in one place): <c>alert</c>, <c>presence</c> (batched),
/// <c>notice</c>, <c>device</c>. Payloads are the JSON views in docs/api.md.
/// </summary>
public interface IConsoleClient
{
    Task Alert(AlertView alert);

    Task Presence(IReadOnlyList<PresenceView> changes);

    Task Notice(NoticeView notice);

    Task Device(DeviceView device);
}

/// <summary>
/// <c>/hubs/campus</c>: an empty hub. <see cref="CampusNotifier"/> pushes through it; a client
/// that reconnects fetches current state from the API, so nothing is missed.
/// </summary>
public sealed class CampusHub : Hub<IConsoleClient>
{
    /// <summary>The group of everyone watching a campus.</summary>
    public static string CampusGroup(string campusId) => "campus:" + campusId;

    /// <summary>Joins the caller to a campus's group (scopes by role come with sign-in).</summary>
    public Task Watch(string campusId) => Groups.AddToGroupAsync(Context.ConnectionId, CampusGroup(campusId));
}
