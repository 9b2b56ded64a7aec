using System.Text.Json;
using Campus.Actors.Devices;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Host.Campus;
using Campus.Host.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Campus.Host.Ingest;

/// <summary>
/// <c>POST /api/v1/events</c>: device events, one or a batch of up to <see cref="MaxBatch"/>,
/// authenticated by the device's <c>X-Device-Key</c>. Valid items go to the device's entity and
/// the answer comes once they are in its journal; invalid items are reported by index and field and
/// never written. See docs/api.md.
/// </summary>
public static class IngestApi
{
    /// <summary>The most events one request may carry.</summary>
    public const int MaxBatch = 1000;

    /// <summary>The header that carries a device's key.</summary>
    public const string KeyHeader = "X-Device-Key";

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/events", PostEventsAsync)
            .WithName("PostEvents")
            .WithTags("Ingest")
            .WithSummary("Accept device events (one or up to 1,000)")
            .Accepts<JsonElement>("application/json")
            .Produces<IngestReceipt>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimits.PerDevice);
        return app;
    }

    internal static async Task<IResult> PostEventsAsync(
        HttpRequest request,
        DeviceKeys keys,
        CampusEntities entities,
        TimeProvider clock,
        IOptions<CampusOptions> options,
        CancellationToken cancellationToken)
    {
        var device = keys.Authenticate(request.Headers[KeyHeader].FirstOrDefault());
        if (device is null)
            return Problem(StatusCodes.Status401Unauthorized, "Missing or unknown device key", $"Send the device's key in the {KeyHeader} header.");

        var settings = options.Value;
        var body = await IngestBody.ReadAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body.TooLarge)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body may hold at most {settings.MaxBodyBytes} bytes and {MaxBatch} events.");
        if (body.Status is { } status)
            return Problem(status, "The request body was not received", body.Error!);
        if (body.Error is { } parseError)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [parseError] }, title: "The body is not valid JSON");

        using var document = body.Document!;
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new[] { root };
        if (items.Length > MaxBatch)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Too many events", $"A request may carry at most {MaxBatch} events; it carried {items.Length}.");
        if (items.Length == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["the batch is empty"] });

        var now = clock.GetUtcNow();
        var inputs = new List<EntityInput>(items.Length);
        var rejected = new List<RejectedEvent>();
        for (var i = 0; i < items.Length; i++)
        {
            var parsed = DeviceEventParser.Parse(items[i], now, settings.MaxClockSkew, settings.MaxEventAge);
            if (parsed.Event is not { } report)
            {
                rejected.Add(new RejectedEvent(i, parsed.Errors));
                continue;
            }
            if (report.DeviceId != device.DeviceId)
                return Problem(StatusCodes.Status403Forbidden, "Key of another device", $"Event {i} names device '{report.DeviceId}', but the key belongs to another device.");
            inputs.Add(Input(device, report));
        }

        if (inputs.Count == 0)
        {
            var errors = rejected.SelectMany(r => r.Errors.Select(e => (Key: items.Length == 1 ? e.Key : $"[{r.Index}].{e.Key}", e.Value)))
                .ToDictionary(e => e.Key, e => e.Value);
            return TypedResults.ValidationProblem(errors, title: "No event in the request is valid");
        }

        return await Overloaded.StoreAsync(request.HttpContext, entities, inputs,
            result => TypedResults.Json(new IngestReceipt(result.Stored, result.Duplicates, rejected), statusCode: StatusCodes.Status202Accepted), cancellationToken);
    }

    /// <summary>The de-duplication source of a device's events: its campus and id.</summary>
    public static string Source(DeviceIdentity device) => $"device:{device.CampusId}/{device.DeviceId}";

    /// <summary>
    /// A device event as an input of its device entity, de-duplicated by (device, event id) for
    /// <c>Campus:MaxEventAge</c>. Heartbeats are remembered only for their source's last few ids: a
    /// late repeat of one changes nothing, and a week of them per device would cost memory for nothing.
    /// </summary>
    public static EntityInput Input(DeviceIdentity device, DeviceReported report) => report.Type == DeviceEventType.Heartbeat
        ? new(CampusIds.Device(device.CampusId, report.DeviceId), report, Source(device) + "/heartbeat", report.EventId, report.OccurredAt, TimeSpan.Zero)
        : new(CampusIds.Device(device.CampusId, report.DeviceId), report, Source(device), report.EventId, report.OccurredAt);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}

/// <summary>The answer to an accepted request: how many events were stored, how many were already stored, and which were refused and why.</summary>
public sealed record IngestReceipt(int Accepted, int Duplicates, IReadOnlyList<RejectedEvent> Rejected);

/// <summary>An event refused by field: <c>{"occurredAt": ["... is more than 5 minutes in the future"]}</c>.</summary>
public sealed record RejectedEvent(int Index, IReadOnlyDictionary<string, string[]> Errors);
