using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Campus.County.Replay;

/// <summary>An alert as the query API lists it: only what the comparison needs.</summary>
public sealed record AlertSeen(string AlertId, string Kind, string Status);

/// <summary>
/// The admin's session on one host node: sign-in (cookie) and the anti-forgery token every unsafe
/// request carries, device keys, the simulated clock and the alerts query (docs/api.md).
/// </summary>
public sealed class NodeClient : IDisposable
{
    private const string AntiforgeryHeader = "X-CSRF-TOKEN";

    private readonly HttpClient _http;

    public NodeClient(Uri node)
    {
        Node = node;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = node,
            // A clock move answers once the node has applied everything due: long on a loaded machine.
            Timeout = TimeSpan.FromMinutes(30),
        };
    }

    public Uri Node { get; }

    /// <summary>Signs in and fetches the anti-forgery token bound to the session.</summary>
    public async Task SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        using var signIn = await _http.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password }, cancellationToken);
        if (!signIn.IsSuccessStatusCode)
            throw new ReplayFailure($"{Node}: signing in as '{userName}' answered {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync(cancellationToken)}");
        using var token = await _http.GetFromJsonAsync<JsonDocument>("/api/v1/auth/antiforgery", cancellationToken)
            ?? throw new ReplayFailure($"{Node}: no anti-forgery token");
        _http.DefaultRequestHeaders.Remove(AntiforgeryHeader);
        _http.DefaultRequestHeaders.Add(AntiforgeryHeader, token.RootElement.GetProperty("token").GetString());
    }

    /// <summary>Issues a new key for a device (POST .../devices/{id}/keys, admins only): shown once.</summary>
    public async Task<string> IssueKeyAsync(string campusId, string deviceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campuses/{Uri.EscapeDataString(campusId)}/devices/{Uri.EscapeDataString(deviceId)}/keys"), cancellationToken);
        using var body = await Json(response, "issuing a key for " + campusId + "/" + deviceId, cancellationToken);
        return body.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>The node's simulated time (404 when the node runs on the real clock).</summary>
    public async Task<DateTimeOffset> ClockAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "/api/v1/sim/clock"), cancellationToken);
        using var body = await Json(response, "reading the simulated clock (is Campus:Clock=simulated?)", cancellationToken);
        return body.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>Moves the node's clock to <paramref name="to"/>; answers once everything due until then is applied and the read model shows it.</summary>
    public Task<DateTimeOffset> AdvanceToAsync(DateTimeOffset to, CancellationToken cancellationToken) =>
        MoveAsync(new { advanceTo = to.ToString("O", CultureInfo.InvariantCulture) }, cancellationToken);

    /// <summary>A zero move: waits until the node is idle and its read model has caught up.</summary>
    public Task<DateTimeOffset> SettleAsync(CancellationToken cancellationToken) => MoveAsync(new { advanceBy = "00:00:00" }, cancellationToken);

    /// <summary>Every alert of a campus, resolved ones included.</summary>
    public async Task<List<AlertSeen>> AlertsAsync(string campusId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/campuses/{Uri.EscapeDataString(campusId)}/alerts?status=all"), cancellationToken);
        using var body = await Json(response, "reading the alerts of " + campusId, cancellationToken);
        return
        [
            .. body.RootElement.EnumerateArray().Select(a => new AlertSeen(
                a.GetProperty("alertId").GetString()!, a.GetProperty("kind").GetString()!, a.GetProperty("status").GetString()!)),
        ];
    }

    private async Task<DateTimeOffset> MoveAsync(object move, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/v1/sim/clock") { Content = JsonContent.Create(move) }, cancellationToken);
        using var body = await Json(response, "moving the simulated clock", cancellationToken);
        return body.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>Sends a request, again after <c>Retry-After</c> while the node answers 429 or 503 (busy, or its store is away).</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var message = request();
            var response = await _http.SendAsync(message, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    private async Task<JsonDocument> Json(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new ReplayFailure($"{Node}: {what} answered {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    public void Dispose() => _http.Dispose();
}
