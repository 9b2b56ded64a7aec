using System.Security.Cryptography;
using System.Text.Json;
using Campus.Actors.Reference;
using Campus.Actors.Runtime;
using Campus.Host.Devices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Campus.Host.Campus;

/// <summary>
/// At start-up, after the runtime has recovered: sends each campus's manifest to its config entity
/// (once per manifest content: an unchanged manifest is a duplicate input), and in demo mode makes
/// sure every demo device has a key and writes <c>demo.json</c>.
/// </summary>
public sealed class CampusLoader(
    IOptions<CampusOptions> options,
    CampusDirectory directory,
    DeviceKeys keys,
    EntityRuntime runtime,
    TimeProvider clock,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<CampusLoader> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var manifest in directory.Campuses.Values)
        {
            var (_, payload) = runtime.Codec.Encode(new ConfigureCampus(manifest));
            var version = Convert.ToHexStringLower(SHA256.HashData(payload))[..16];
            var applied = await runtime.TellAsync(CampusIds.Config(manifest.CampusId), new ConfigureCampus(manifest), "manifest", $"{manifest.CampusId}-{version}", clock.GetUtcNow(), cancellationToken);
            logger.LogInformation("Campus {CampusId}: {Students} students, {Devices} devices; manifest {Version} {State}",
                manifest.CampusId, manifest.Students.Length, manifest.Devices.Length, version, applied ? "applied" : "already applied");
        }
        if (options.Value.Demo && directory.Campuses.Values.FirstOrDefault() is { } demo)
        {
            var path = Path.GetFullPath(options.Value.DemoFile);
            await WriteDemoFileAsync(demo, path, cancellationToken);
            lifetime.ApplicationStarted.Register(() =>
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
                logger.LogInformation("Demo campus {CampusId} is running. Console: {Url}/  Device keys and sample students: {DemoFile}", demo.CampusId, address.TrimEnd('/'), path);
            });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The demo's devices with their keys (reused while they still work, issued anew otherwise) and sample students.</summary>
    private async Task WriteDemoFileAsync(CampusManifest demo, string path, CancellationToken cancellationToken)
    {
        var existing = await ReadKeysAsync(path, cancellationToken);
        var devices = new List<DemoDevice>();
        foreach (var device in demo.Devices)
        {
            var key = existing.GetValueOrDefault(device.Id);
            if (key is null || keys.Authenticate(key) != new DeviceIdentity(demo.CampusId, device.Id))
            {
                keys.RevokeAllExcept(demo.CampusId, device.Id, keep: null);
                key = keys.Issue(demo.CampusId, device.Id);
            }
            devices.Add(new DemoDevice(device.Id, Views.Kebab(device.Kind.ToString()), device.LocationId, key));
        }
        var boarder = demo.Students.First(s => s.Boarding);
        var day = demo.Students.First(s => !s.Boarding);
        var file = new DemoFile(demo.CampusId, demo.Name, demo.TimeZone, "/api/v1/events", "X-Device-Key", devices,
            new DemoSamples(new DemoStudent(boarder.Id, boarder.ClassId, boarder.DormId), new DemoStudent(day.Id, day.ClassId, null)));
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(file, Indented), cancellationToken);
    }

    private static async Task<Dictionary<string, string>> ReadKeysAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(path)) return [];
            var file = JsonSerializer.Deserialize<DemoFile>(await File.ReadAllTextAsync(path, cancellationToken), Indented);
            return file?.Devices?.Where(d => d.Key is not null).ToDictionary(d => d.Id, d => d.Key) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static class Views
    {
        public static string Kebab(string name) => Hubs.AlertView.Kebab(name);
    }

    /// <summary>The shape of demo.json (documented in docs/configuration.md).</summary>
    public sealed record DemoFile(string CampusId, string Name, string TimeZone, string EventsUrl, string KeyHeader, List<DemoDevice> Devices, DemoSamples Samples);

    public sealed record DemoDevice(string Id, string Kind, string Location, string Key);

    public sealed record DemoSamples(DemoStudent BoardingStudent, DemoStudent DayStudent);

    public sealed record DemoStudent(string Id, string ClassId, string? DormId);
}
