using System.Globalization;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;

namespace Campus.Host.Logging;

/// <summary>Serilog for structured logs: console by default, a rolling file when configured.</summary>
public static class LoggingExtensions
{
    /// <summary>
    /// Replaces the default logging providers with Serilog: Information and above to the console,
    /// with the <c>Serilog</c> section (see docs/configuration.md) on top.
    /// </summary>
    public static WebApplicationBuilder AddCampusLogging(this WebApplicationBuilder builder)
    {
        var logger = Configure(builder.Configuration, sinks => sinks.Console(formatProvider: CultureInfo.InvariantCulture)).CreateLogger();
        // Akka's own logs go through Akka.Logger.Serilog, which writes to the shared logger.
        Log.Logger = logger;
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>
    /// The defaults (Information and above, <c>Microsoft.AspNetCore</c> at Warning, written to
    /// <paramref name="defaultSink"/>) with the <c>Serilog</c> section applied on top, so a setting
    /// changes only what it names: one <c>MinimumLevel:Override</c> keeps the console, and the
    /// default sink gives way only when <c>Serilog:WriteTo</c> names sinks of its own.
    /// </summary>
    internal static LoggerConfiguration Configure(IConfiguration configuration, Action<LoggerSinkConfiguration> defaultSink)
    {
        var logging = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        var section = configuration.GetSection("Serilog");
        if (section.Exists()) logging.ReadFrom.Configuration(configuration);
        if (!section.GetSection("WriteTo").GetChildren().Any()) defaultSink(logging.WriteTo);
        return logging;
    }
}
