using Campus.Actors;
using Campus.Host.Adapters;
using Campus.Host.Auth;
using Campus.Host.Devices;
using Campus.Host.Hubs;
using Campus.Host.Notifications;
using Campus.Host.Storage;

namespace Campus.Host.Campus;

/// <summary>Wires the campus domain into the host: options, clock, behaviours, device keys, views, the hub and the campus loader.</summary>
public static class CampusSetup
{
    /// <summary>
    /// Registers everything the campus endpoints need. Call after <c>AddCampusAkka</c>, so the
    /// campus loader starts after the actor system.
    /// </summary>
    public static WebApplicationBuilder AddCampus(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CampusOptions>()
            .Bind(builder.Configuration.GetSection(CampusOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.Traffic || o.Simulated, "Campus:Traffic needs Campus:Clock=simulated.")
            .Validate(o => !o.Traffic || o.Demo, "Campus:Traffic plays the demo campus: it needs Campus:Demo=true.")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(CampusOptions.Section).Get<CampusOptions>() ?? new CampusOptions();
        var dataFolder = DataFolder(builder);

        var directory = new CampusDirectory();
        foreach (var manifest in CampusManifests.Load(options, builder.Environment.ContentRootPath)) directory.Set(manifest);
        builder.Services.AddSingleton(directory);
        if (options.Simulated)
        {
            var simulated = SimulatedClock.Load(Path.Combine(dataFolder, "sim-clock.txt"), options.SimulatedStart,
                directory.First, TimeProvider.System.GetUtcNow());
            builder.Services.AddSingleton(simulated);
            builder.Services.AddSingleton<TimeProvider>(simulated.Clock);
        }
        else
        {
            builder.Services.AddSingleton(TimeProvider.System);
        }
        builder.Services.AddSingleton(CampusDomain.Codec());
        builder.Services.AddSingleton<ProcessingBarrier>();

        // A file in the data folder, or shared by every node through PostgreSQL.
        builder.Services.AddSingleton(sp => new DeviceKeys(sp.GetRequiredService<HostDatabase>().SharedDocument("device-keys", Path.Combine(dataFolder, "device-keys.json"))));
        builder.Services.AddSingleton(sp => new Visitors.VisitorIdentity(sp.GetRequiredService<HostDatabase>().SharedDocument("visitor-document-key", Path.Combine(dataFolder, "visitor-document.key"))));
        builder.Services.AddSingleton<Visitors.VisitorCommands>();
        builder.AddCampusAuth(dataFolder);
        builder.Services.AddSingleton<FrigateAdapter>();
        builder.Services.AddSingleton<CampusNotifier>();
        builder.Services.AddSingleton<IOutputListener>(sp => sp.GetRequiredService<CampusNotifier>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CampusNotifier>());
        builder.Services.AddOptions<County.CountyOptions>().Bind(builder.Configuration.GetSection(County.CountyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<County.CountyOverview>();
        // The county tiles' interval runs on real time, whatever the simulated clock does.
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CountyNotifier>(sp, TimeProvider.System));
        builder.Services.AddSingleton<IOutputListener>(sp => sp.GetRequiredService<CountyNotifier>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CountyNotifier>());
        builder.Services.AddHostedService<CampusLoader>();
        if (options.Traffic) builder.Services.AddHostedService<Demo.TrafficGenerator>();
        builder.AddGuardianNotifications();

        builder.Services.AddSignalR();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddCampusRateLimits();
        return builder;
    }

    /// <summary>Where the host keeps its files: the SQLite database's folder, or <c>data/</c> under the working folder.</summary>
    public static string DataFolder(WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(CampusStorageOptions.Section).Get<CampusStorageOptions>() ?? new CampusStorageOptions();
        var configured = builder.Configuration.GetSection(CampusOptions.Section).Get<CampusOptions>()?.DataFolder;
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        return storage.Store == "sqlite" && storage.ConnectionString is { } file
            ? Path.GetDirectoryName(Path.GetFullPath(file))!
            : Path.Combine(builder.Environment.ContentRootPath, "data");
    }
}
