using Microsoft.AspNetCore.SignalR;

namespace Campus.Host.Auth;

/// <summary>
/// The open hub connections of each session. When sessions end (<see cref="AccountStore.SessionsEnded"/>:
/// signed out, expired, their account replaced or removed) their connections are closed at once, so
/// nothing more is pushed to them; the client's next connection needs a session in force.
/// </summary>
public sealed class SessionConnections : IDisposable
{
    private readonly AccountStore _accounts;
    private readonly Dictionary<string, Dictionary<string, HubCallerContext>> _bySession = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SessionConnections(AccountStore accounts)
    {
        _accounts = accounts;
        _accounts.SessionsEnded += Close;
    }

    /// <summary>
    /// Registers a connection of a session. Check the session after this (<see cref="CampusSessions.IsCurrent"/>):
    /// a session that ends later closes the connection from here, one that ended before fails the check.
    /// </summary>
    public void Add(string sessionKey, HubCallerContext connection)
    {
        lock (_gate)
        {
            if (!_bySession.TryGetValue(sessionKey, out var connections)) _bySession[sessionKey] = connections = new(StringComparer.Ordinal);
            connections[connection.ConnectionId] = connection;
        }
    }

    /// <summary>Forgets a connection that closed.</summary>
    public void Remove(string sessionKey, string connectionId)
    {
        lock (_gate)
        {
            if (!_bySession.TryGetValue(sessionKey, out var connections)) return;
            connections.Remove(connectionId);
            if (connections.Count == 0) _bySession.Remove(sessionKey);
        }
    }

    private void Close(IReadOnlyList<string> sessionKeys)
    {
        var closing = new List<HubCallerContext>();
        lock (_gate)
        {
            foreach (var key in sessionKeys)
            {
                if (_bySession.Remove(key, out var connections)) closing.AddRange(connections.Values);
            }
        }
        foreach (var connection in closing) connection.Abort();
    }

    public void Dispose() => _accounts.SessionsEnded -= Close;
}
