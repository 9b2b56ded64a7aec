using System.Security.Cryptography;
using System.Text.Json;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Actors.Reference;
using Campus.Host.Auth;
using Campus.Host.Devices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Campus.Host.Campus;

/// <summary>
/// At start-up, once the entities' region is up: sends each campus's manifest to its config entity
/// (once per manifest content: an unchanged manifest is a duplicate input), and in demo mode makes
/// sure every demo device has a key and one account per role exists (random passwords, a guardian
/// access code), and writes both to <c>demo.json</c> (readable by its owner only).
/// </summary>
/// <remarks>
/// Secrets are printed in demo mode only, where the demo accounts are the point: the start-up log
/// then lists them and says so. Outside demo mode nothing here writes a password, code or key to
/// the log (the first admin is created with <c>create-admin</c>, which reads its password).
/// </remarks>
public sealed class CampusLoader(
    IOptions<CampusOptions> options,
    CampusDirectory directory,
    DeviceKeys keys,
    AccountStore accounts,
    CampusEntities entities,
    MessageCodec codec,
    TimeProvider clock,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<CampusLoader> logger) : IHostedService
{
    /// <summary>How often start-up offers a manifest to entities that do not answer yet (each try waits up to the entities' ask timeout, 10 s, then 5 s): about two minutes.</summary>
    public const int StartAttempts = 8;

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var manifest in directory.Campuses.Values)
        {
            var (_, payload) = codec.Encode(new ConfigureCampus(manifest));
            var version = Convert.ToHexStringLower(SHA256.HashData(payload))[..16];
            var applied = await ConfigureAsync(new EntityInput(CampusIds.Config(manifest.CampusId), new ConfigureCampus(manifest), "manifest", $"{manifest.CampusId}-{version}", clock.GetUtcNow()), cancellationToken);
            logger.LogInformation("Campus {CampusId}: {Students} students, {Devices} devices; manifest {Version} {State}",
                manifest.CampusId, manifest.Students.Length, manifest.Devices.Length, version, applied ? "applied" : "already applied");
        }
        if (!options.Value.Demo && !accounts.HasAdmin())
            logger.LogWarning("No admin account yet: nobody can sign in. Create the first with `Campus.Host create-admin <userName>` (the password from standard input or CAMPUS_ADMIN_PASSWORD).");
        if (options.Value.Demo && directory.First is { } demo)
        {
            var path = Path.GetFullPath(options.Value.DemoFile);
            var demoAccounts = await WriteDemoFileAsync(demo, path, cancellationToken);
            lifetime.ApplicationStarted.Register(() =>
            {
                var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
                logger.LogInformation("Demo campus {CampusId} is running. Console: {Url}/  Device keys, accounts and sample students: {DemoFile}", demo.CampusId, address.TrimEnd('/'), path);
                logger.LogWarning("Demo mode (Campus:Demo is on): the demo accounts' passwords follow, for trying the product only. Outside demo mode no password is ever printed; do not run demo mode with real students.");
                foreach (var account in demoAccounts)
                {
                    logger.LogInformation("Demo account {UserName} ({Role}, {Scope}): {Secret}", account.UserName, account.Role, account.Scope,
                        account.Password is not null ? "password " + account.Password : $"code {account.Code}, link {address.TrimEnd('/')}/#/signin?code={account.Code}");
                }
            });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Sends a manifest to its config entity; true when it was new. A cluster that is still forming
    /// on a busy machine (the shard coordinator recovering) may not answer the first ask: the same
    /// input (a duplicate once stored) is sent again, up to <see cref="StartAttempts"/> times with a
    /// warning each time, before the host gives up.
    /// </summary>
    private async Task<bool> ConfigureAsync(EntityInput manifest, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await entities.TellAsync(manifest, cancellationToken);
            }
            catch (EntitiesUnavailableException ex) when (attempt < StartAttempts)
            {
                logger.LogWarning("{Entity} has not taken the campus manifest yet ({Reason}); trying again", manifest.Target, ex.Message);
                await Task.Delay(ex.RetryAfter, TimeProvider.System, cancellationToken);
            }
        }
    }

    /// <summary>The demo's devices with their keys (reused while they still work, issued anew otherwise) and sample students.</summary>
    private async Task<List<DemoAccount>> WriteDemoFileAsync(CampusManifest demo, string path, CancellationToken cancellationToken)
    {
        var previous = await ReadAsync(path, cancellationToken);
        var existing = previous?.Devices?.Where(d => d.Key is not null).ToDictionary(d => d.Id, d => d.Key) ?? [];
        var devices = new List<DemoDevice>();
        foreach (var device in demo.Devices)
        {
            var key = existing.GetValueOrDefault(device.Id);
            if (key is null || keys.Authenticate(key) != new DeviceIdentity(demo.CampusId, device.Id))
            {
                keys.RevokeAllExcept(demo.CampusId, device.Id, keep: null);
                key = keys.Issue(demo.CampusId, device.Id);
            }
            devices.Add(new DemoDevice(device.Id, Hubs.WireName.Of(device.Kind), device.LocationId, key));
        }
        var boarder = demo.Students.First(s => s.Boarding);
        var day = demo.Students.First(s => !s.Boarding);
        var demoAccounts = EnsureDemoAccounts(demo, boarder, previous?.Accounts ?? []);
        var file = new DemoFile(demo.CampusId, demo.Name, demo.TimeZone, "/api/v1/events", "X-Device-Key", devices,
            new DemoSamples(new DemoStudent(boarder.Id, boarder.ClassId, boarder.DormId), new DemoStudent(day.Id, day.ClassId, null)), demoAccounts);
        await WriteOwnerOnlyAsync(path, JsonSerializer.Serialize(file, Indented), cancellationToken);
        return demoAccounts;
    }

    /// <summary>
    /// One account per role: admin (every campus), security, the supervisor of dorm-pine, the
    /// teacher of g7-1 and the first guardian of the sample boarding student. A password or code in
    /// the previous demo.json that still works is kept; otherwise a new random one is set.
    /// </summary>
    private List<DemoAccount> EnsureDemoAccounts(CampusManifest demo, StudentInfo boarder, List<DemoAccount> previous)
    {
        var dorm = demo.Dorms.Any(d => d.Id == "dorm-pine") ? "dorm-pine" : demo.Dorms[0].Id;
        var @class = demo.Classrooms.Any(c => c.Id == "g7-1") ? "g7-1" : demo.Classrooms[0].Id;
        var result = new List<DemoAccount>();
        foreach (var (userName, role, campus, dorms, classes) in new (string, string, string, string[], string[])[]
        {
            ("admin", Roles.Admin, "*", [], []),
            ("security", Roles.Security, demo.CampusId, [], []),
            ("supervisor", Roles.Supervisor, demo.CampusId, [dorm], []),
            ("teacher", Roles.Teacher, demo.CampusId, [], [@class]),
        })
        {
            var password = previous.FirstOrDefault(a => a.UserName == userName)?.Password;
            if (password is null || accounts.Find(userName) is not { } account || account.Role != role || !accounts.PasswordMatches(userName, password))
            {
                password = "Demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9));
                account = accounts.SetOperator(userName, role, campus, password, dorms, classes);
            }
            result.Add(new DemoAccount(userName, role, account.Scope, password, null));
        }
        var guardianId = boarder.Guardians.IsDefaultOrEmpty ? "G-" + boarder.Id : boarder.Guardians[0].Id;
        var code = previous.FirstOrDefault(a => a.UserName == "guardian")?.Code;
        if (code is null || accounts.SignInWithCode(code) is not { UserName: "guardian" } guardian || !guardian.Children.Contains(boarder.Id))
            code = accounts.SetGuardian("guardian", demo.CampusId, guardianId, [boarder.Id]);
        result.Add(new DemoAccount("guardian", Roles.Guardian, accounts.Find("guardian")!.Scope, null, code));
        return result;
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> readable and writable by the host's
    /// user only (on Unix; Windows files inherit their folder's access list): it holds device keys and
    /// passwords. An older file is replaced, so one left readable by an earlier version is tightened.
    /// </summary>
    private static async Task WriteOwnerOnlyAsync(string path, string text, CancellationToken cancellationToken)
    {
        // Written whole to a file of its own, then moved over the old one: the nodes of a cluster
        // that share one demo file may write it at the same moment, and a reader never sees half.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            await using (var stream = new FileStream(temp, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<DemoFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(path)) return null;
            return JsonSerializer.Deserialize<DemoFile>(await File.ReadAllTextAsync(path, cancellationToken), Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The shape of demo.json (documented in docs/configuration.md).</summary>
    public sealed record DemoFile(string CampusId, string Name, string TimeZone, string EventsUrl, string KeyHeader, List<DemoDevice> Devices, DemoSamples Samples, List<DemoAccount>? Accounts);

    /// <summary>A demo account with its password (operators) or access code (the guardian).</summary>
    public sealed record DemoAccount(string UserName, string Role, string Scope, string? Password, string? Code);

    public sealed record DemoDevice(string Id, string Kind, string Location, string Key);

    public sealed record DemoSamples(DemoStudent BoardingStudent, DemoStudent DayStudent);

    public sealed record DemoStudent(string Id, string ClassId, string? DormId);
}
