using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.Actors.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Campus.Host.Storage;

/// <summary>Wires the store and the entity runtime into the host.</summary>
public static class StorageExtensions
{
    /// <summary>
    /// Registers the configured store (SQLite by default), the entity runtime, and a hosted
    /// service that applies migrations and recovers the shards at start-up.
    /// </summary>
    public static WebApplicationBuilder AddCampusStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CampusStorageOptions>()
            .Bind(builder.Configuration.GetSection(CampusStorageOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Store != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Campus:ConnectionString is required when Campus:Store is 'postgres'.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IShardStore>(sp => CreateStore(sp.GetRequiredService<IOptions<CampusStorageOptions>>().Value, builder.Environment.ContentRootPath));
        builder.Services.TryAddSingleton(_ => new MessageCodec());
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CampusStorageOptions>>().Value;
            return new EntityRuntime(
                sp.GetRequiredService<IShardStore>(),
                sp.GetServices<EntityBehavior>(),
                sp.GetRequiredService<MessageCodec>(),
                new RuntimeOptions
                {
                    ShardCount = options.ShardCount,
                    OwnerId = options.NodeId ?? Environment.MachineName,
                    MaxPendingAppends = options.MaxPendingInputs,
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
        builder.Services.AddHostedService<RuntimeHostedService>();
        return builder;
    }

    private static IShardStore CreateStore(CampusStorageOptions options, string contentRoot)
    {
        if (options.Store == "postgres") return new PostgresShardStore(options.ConnectionString!);
        var path = options.ConnectionString ?? Path.Combine(contentRoot, "data", "campus.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new SqliteShardStore(path);
    }
}

/// <summary>
/// Something that keeps a view of the runtime's outputs: it loads the outputs stored so far before
/// the runtime starts, then receives every new one.
/// </summary>
public interface IRuntimeListener : IOutputSubscriber
{
    Task LoadAsync(IShardStore store, MessageCodec codec, int shardCount, CancellationToken cancellationToken);
}

/// <summary>
/// Applies schema migrations, loads the views, subscribes the listeners, recovers the shards, and
/// stops the runtime gracefully.
/// </summary>
internal sealed class RuntimeHostedService(
    IShardStore store,
    EntityRuntime runtime,
    IEnumerable<IRuntimeListener> listeners,
    IEnumerable<IOutputSubscriber> subscribers,
    ILogger<RuntimeHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        foreach (var listener in listeners)
        {
            await listener.LoadAsync(store, runtime.Codec, runtime.Options.ShardCount, cancellationToken);
            runtime.Subscribe(listener);
        }
        foreach (var subscriber in subscribers) runtime.Subscribe(subscriber);
        await runtime.StartAsync(cancellationToken);
        logger.LogInformation("Store {Provider} ready; {Shards} shards recovered", store.Provider, runtime.GetShardStatus().Count);
    }

    /// <summary>Each shard finishes its batch and checkpoints; the container disposes the store afterwards.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync();
}
