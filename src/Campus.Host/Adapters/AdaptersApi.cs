using System.Text.Json;
using Campus.Actors.Reference;
using Campus.Actors.Hosting;
using Campus.Host.Campus;
using Campus.Host.Devices;
using Campus.Host.Ingest;
using Microsoft.Extensions.Options;

namespace Campus.Host.Adapters;

/// <summary>
/// Endpoints for devices that speak their vendor's format: <c>POST /api/v1/adapters/hikvision</c>
/// and <c>POST /api/v1/adapters/frigate</c>. They authenticate like the events API (the
/// <c>X-Device-Key</c> header, or a <c>key</c> query parameter for devices that cannot send
/// headers), map the message, and store it through the same entities. See docs/api.md.
/// </summary>
public static class AdaptersApi
{
    public static IEndpointRouteBuilder MapAdaptersApi(this IEndpointRouteBuilder app)
    {
        var adapters = app.MapGroup("/api/v1/adapters").WithTags("Adapters").RequireRateLimiting(RateLimits.PerDevice).DisableAntiforgery();
        adapters.MapPost("/hikvision", HikvisionAsync).WithSummary("Hikvision ISAPI AccessControllerEvent or ANPR (JSON, or multipart with an event_log part)");
        adapters.MapPost("/frigate", FrigateAsync).WithSummary("A Frigate frigate/events message relayed over HTTP");
        return app;
    }

    /// <summary>What an adapter did with a message.</summary>
    public sealed record AdapterReceipt(int Accepted, int Duplicates, string? Ignored);

    private static async Task<IResult> HikvisionAsync(HttpRequest request, DeviceKeys keys, CampusEntities entities, IOptions<CampusOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Authenticate(request, keys) is not { } device) return Unauthorized();
        var json = await ReadJsonAsync(request, options.Value.MaxBodyBytes, "event_log", cancellationToken);
        if (json.Result is { } failure) return failure;
        using var document = json.Document!;
        var mapped = HikvisionAdapter.Map(document.RootElement, device.DeviceId);
        return await AppendAsync(request, mapped, device, entities, clock, options.Value, cancellationToken);
    }

    private static async Task<IResult> FrigateAsync(HttpRequest request, DeviceKeys keys, CampusDirectory directory, FrigateAdapter adapter,
        CampusEntities entities, IOptions<CampusOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Authenticate(request, keys) is not { } device) return Unauthorized();
        var campus = directory.Find(device.CampusId);
        bool IsCamera(string id) => campus?.Devices.Any(d => d.Id == id && d.Kind == DeviceKind.Camera) == true;
        bool IsZone(string id) => campus?.Zones.Any(z => z.Id == id) == true;
        if (!IsCamera(device.DeviceId))
            return TypedResults.Problem("The Frigate relay authenticates with the key of one of the campus's cameras.", statusCode: StatusCodes.Status403Forbidden, title: "Not a camera key");
        var json = await ReadJsonAsync(request, options.Value.MaxBodyBytes, null, cancellationToken);
        if (json.Result is { } failure) return failure;
        using var document = json.Document!;
        var mapped = adapter.Map(document.RootElement, device.CampusId, IsCamera, IsZone);
        return await AppendAsync(request, mapped, device, entities, clock, options.Value, cancellationToken);
    }

    private static DeviceIdentity? Authenticate(HttpRequest request, DeviceKeys keys) => keys.Authenticate(KeyOf(request));

    /// <summary>The key an adapter request presents: the <c>X-Device-Key</c> header, else the <c>key</c> query parameter (for controllers that cannot send headers).</summary>
    public static string? KeyOf(HttpRequest request) =>
        request.Headers[IngestApi.KeyHeader].FirstOrDefault() ?? request.Query["key"].FirstOrDefault();

    private static IResult Unauthorized() =>
        TypedResults.Problem($"Send the device's key in the {IngestApi.KeyHeader} header or the key query parameter.", statusCode: StatusCodes.Status401Unauthorized, title: "Missing or unknown device key");

    private static async Task<IResult> AppendAsync(HttpRequest request, AdapterResult mapped, DeviceIdentity device, CampusEntities entities, TimeProvider clock, CampusOptions options, CancellationToken cancellationToken)
    {
        if (mapped.Errors is { } errors) return TypedResults.ValidationProblem(errors, title: "The message cannot be mapped");
        if (mapped.Events.Count == 0) return TypedResults.Ok(new AdapterReceipt(0, 0, mapped.IgnoredBecause));
        var now = clock.GetUtcNow();
        foreach (var report in mapped.Events)
        {
            if (report.OccurredAt > now + options.MaxClockSkew || report.OccurredAt < now - options.MaxEventAge)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dateTime"] = [$"{report.OccurredAt:O} is too far from now; check the device's clock"] });
        }
        var inputs = mapped.Events.Select(e => IngestApi.Input(device, e)).ToList();
        return await Overloaded.StoreAsync(request.HttpContext, entities, inputs,
            result => TypedResults.Json(new AdapterReceipt(result.Stored, result.Duplicates, null), statusCode: StatusCodes.Status202Accepted), cancellationToken);
    }

    private sealed record JsonBody(JsonDocument? Document, IResult? Result);

    /// <summary>Reads a JSON body, or the named part of a multipart body (other parts, such as pictures, are skipped).</summary>
    private static async Task<JsonBody> ReadJsonAsync(HttpRequest request, int maxBytes, string? part, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes * 8L)
            return new JsonBody(null, TypedResults.Problem($"At most {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large"));
        if (part is not null && request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxBytes * 8L }, cancellationToken);
            }
            catch (BadHttpRequestException incomplete)
            {
                // The connection did not deliver the body (ended early, bad chunk, stalled): Kestrel's status, no stack trace.
                return new JsonBody(null, TypedResults.Problem($"The request body could not be read: {incomplete.Message}", statusCode: incomplete.StatusCode, title: "The request body was not received"));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                return new JsonBody(null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"malformed multipart body: {ex.Message}"] }));
            }
            string? text = form[part].FirstOrDefault();
            if (text is null && form.Files.GetFile(part) is { } file && file.Length <= maxBytes)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                text = await reader.ReadToEndAsync(cancellationToken);
            }
            if (text is null)
                return new JsonBody(null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [part] = ["is required: the multipart part with the event JSON"] }));
            var parsed = IngestBody.Parse(text);
            return parsed.Error is { } partError
                ? new JsonBody(null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [part] = [partError] }))
                : new JsonBody(parsed.Document, null);
        }
        var body = await IngestBody.ReadAsync(request, maxBytes, cancellationToken);
        if (body.TooLarge) return new JsonBody(null, TypedResults.Problem($"At most {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large"));
        if (body.Status is { } status) return new JsonBody(null, TypedResults.Problem(body.Error, statusCode: status, title: "The request body was not received"));
        if (body.Error is { } error) return new JsonBody(null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [error] }));
        return new JsonBody(body.Document, null);
    }
}
