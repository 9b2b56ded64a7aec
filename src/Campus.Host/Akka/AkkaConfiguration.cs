using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Campus.Actors;
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.Host.Campus;
using Campus.Host.Hubs;
using Campus.Host.Notifications;
using Campus.Host.Projections;
using Campus.Host.Reports;
using Campus.Host.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Campus.Host.Akka;

/// <summary>
/// Where the host wires Akka.NET, as a chain of small feature steps: the cluster (a cluster of one
/// unless seed nodes are configured), the entities' persistence (SQLite or PostgreSQL), the campus
/// shard region, the bridge that takes outputs to the hub, and Serilog for Akka's own logs.
/// </summary>
public static class AkkaConfiguration
{
    /// <summary>Registers the entity hosting, the actor system and the projections of the journal.</summary>
    public static WebApplicationBuilder AddCampusAkka(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new EntityHost(
            CampusDomain.Behaviors(),
            sp.GetRequiredService<MessageCodec>(),
            sp.GetRequiredService<TimeProvider>(),
            new PubSubOutputSink(),
            EntityOptions(sp)));
        builder.Services.AddSingleton<CampusEntities>();
        builder.Services.AddOptions<CampusClusterOptions>()
            .Bind(builder.Configuration.GetSection("Campus:Cluster"))
            .Validate(ClusterSettingsValid, "Campus:Cluster:SeedNodes must be akka.tcp://campus@host:port addresses, and Campus:Cluster:Port 0-65535.")
            .ValidateOnStart();

        builder.Services.AddAkka(CampusCluster.SystemName, (akka, sp) =>
        {
            var storage = sp.GetRequiredService<IOptions<CampusStorageOptions>>().Value;
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<SerilogLogger>();
                })
                .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
                .WithCampusCluster(sp.GetRequiredService<IOptions<CampusClusterOptions>>().Value)
                .WithCampusPersistence(Store(storage, builder.Environment.ContentRootPath))
                .WithCampusEntities(sp.GetRequiredService<EntityHost>())
                .WithActors((system, registry, resolver) =>
                {
                    var bridge = OutputBridges.Start(system, resolver.GetService<IEnumerable<IOutputListener>>(),
                        resolver.GetService<IHubContext<CampusHub, IConsoleClient>>());
                    registry.Register<OutputBridge>(bridge);
                })
                .WithClusterJob<ReadModelProjection>("read-model")
                .WithClusterJob<NoticeProjection>("notice-outbox")
                .WithClusterJob<NotificationDispatcher>("notification-delivery")
                .WithClusterJob<Visitors.VisitorRetention>("visitor-retention")
                .WithClusterJob<DailyReportCloser>("daily-reports");
        });
        builder.Services.AddSingleton<ReadModelProjection>();
        builder.Services.AddSingleton<CampusView>();
        builder.Services.AddSingleton<Visitors.VisitorRetention>();
        builder.AddCampusReports();
        builder.Services.AddSingleton<CampusMetrics>();
        return builder;
    }

    /// <summary>Runs <typeparamref name="TJob"/> (from the container) in a cluster singleton named <paramref name="name"/>; its proxy is registered under the job's type.</summary>
    private static AkkaConfigurationBuilder WithClusterJob<TJob>(this AkkaConfigurationBuilder akka, string name)
        where TJob : class, IClusterJob =>
        akka.WithSingleton<TJob>(name, (_, _, resolver) => ClusterJobActor.Props(resolver.GetService<TJob>()), new ClusterSingletonOptions(), createProxyToo: true);

    private static bool ClusterSettingsValid(CampusClusterOptions options) =>
        options.Port is >= 0 and <= 65535
        && options.SeedNodes.All(seed => Uri.TryCreate(seed, UriKind.Absolute, out var uri)
            && uri.Scheme == "akka.tcp" && uri.UserInfo == CampusCluster.SystemName && uri.Port > 0);

    /// <summary>The journal's store from the storage settings.</summary>
    public static CampusStore Store(CampusStorageOptions storage, string contentRoot) =>
        storage.Store == "postgres" ? new CampusStore("postgres", storage.ConnectionString!) : new CampusStore("sqlite", storage.JournalFile(contentRoot));

    private static EntityHostOptions EntityOptions(IServiceProvider sp)
    {
        var campus = sp.GetRequiredService<IOptions<CampusOptions>>().Value;
        var storage = sp.GetRequiredService<IOptions<CampusStorageOptions>>().Value;
        return new EntityHostOptions
        {
            // Device event ids are remembered as long as an event may arrive late (and a little more for clock skew).
            InputDedupWindow = campus.MaxEventAge + campus.MaxClockSkew,
            MaxPendingInputs = storage.MaxPendingInputs,
        };
    }
}
