using Akka.Actor;
using Akka.Hosting;
using Campus.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Campus.TestKit;

/// <summary>
/// One node of entities on Akka.NET, wired with the production extension methods
/// (<see cref="CampusCluster.WithCampusCluster"/>, <see cref="CampusPersistence.WithCampusPersistence"/>,
/// <c>WithCampusEntities</c>) in a generic host of its own: for the
/// test harness, the crash driver and the benchmarks.
/// </summary>
public sealed class EntityNode : IAsyncDisposable
{
    private readonly IHost _host;

    private EntityNode(IHost host, EntityHost entityHost)
    {
        _host = host;
        Host = entityHost;
        System = host.Services.GetRequiredService<ActorSystem>();
        Entities = host.Services.GetRequiredService<CampusEntities>();
    }

    public EntityHost Host { get; }

    public ActorSystem System { get; }

    public CampusEntities Entities { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a node on <paramref name="store"/>; <paramref name="configure"/> may add to the Akka configuration (a seed node, a test's HOCON).</summary>
    public static async Task<EntityNode> StartAsync(EntityHost entityHost, CampusStore store, CampusClusterOptions? cluster = null,
        Action<AkkaConfigurationBuilder>? configure = null, LogLevel logLevel = LogLevel.Warning)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
        builder.Services.AddSingleton(entityHost);
        builder.Services.AddSingleton<CampusEntities>();
        builder.Services.AddAkka(CampusCluster.SystemName, (akka, _) =>
        {
            akka.AddHocon("akka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.WithCampusCluster(cluster ?? new CampusClusterOptions())
                .WithCampusPersistence(store)
                .WithCampusEntities(entityHost);
            configure?.Invoke(akka);
        });
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var node = new EntityNode(host, entityHost);
        // The region is up once it answers: wait for it, so a test's first ask does not race the start.
        await host.Services.GetRequiredService<IRequiredActor<CampusRegion>>().GetAsync().ConfigureAwait(false);
        return node;
    }

    /// <summary>Leaves the cluster and stops the actor system gracefully (entities finish their writes).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
