using Microsoft.Extensions.Options;

namespace Campus.Host.Storage;

/// <summary>Wires the storage settings and the host's own database into the host.</summary>
public static class StorageExtensions
{
    /// <summary>Registers the storage options (validated at start) and the host database, migrated before anything else starts.</summary>
    public static WebApplicationBuilder AddCampusStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CampusStorageOptions>()
            .Bind(builder.Configuration.GetSection(CampusStorageOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Store != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString), CampusStorageOptions.ConnectionStringRequired)
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new HostDatabase(sp.GetRequiredService<IOptions<CampusStorageOptions>>().Value, builder.Environment.ContentRootPath));
        builder.Services.AddHostedService<HostDatabaseMigrator>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return builder;
    }
}

/// <summary>Applies the host's migrations at start-up, before the projections and the dispatcher start.</summary>
internal sealed class HostDatabaseMigrator(HostDatabase database, ILogger<HostDatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        logger.LogInformation("Host database ({Provider}) migrated", database.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
