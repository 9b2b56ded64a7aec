using Serilog;

namespace Campus.Host.Logging;

/// <summary>Serilog for structured logs: console by default, a rolling file when configured.</summary>
public static class LoggingExtensions
{
    /// <summary>
    /// Replaces the default logging providers with Serilog, configured from the <c>Serilog</c>
    /// section (see docs/configuration.md); with no section, Information and above to the console.
    /// </summary>
    public static WebApplicationBuilder AddCampusLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext();
        if (builder.Configuration.GetSection("Serilog").Exists())
            configuration.ReadFrom.Configuration(builder.Configuration);
        else
            configuration.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        var logger = configuration.CreateLogger();
        // Akka's own logs go through Akka.Logger.Serilog, which writes to the shared logger.
        Log.Logger = logger;
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
