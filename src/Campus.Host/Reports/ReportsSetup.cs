namespace Campus.Host.Reports;

/// <summary>Wires the daily reports into the host (the closer runs as a cluster singleton: src/Campus.Host/Akka/AkkaConfiguration.cs).</summary>
public static class ReportsSetup
{
    /// <summary>Registers the report options, the read-model reader, the store of closed reports, the reports and the closer.</summary>
    public static WebApplicationBuilder AddCampusReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>()
            .Bind(builder.Configuration.GetSection(ReportOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<ReportInputsReader>();
        builder.Services.AddSingleton<DailyReportStore>();
        builder.Services.AddSingleton<ReportDelivery>();
        builder.Services.AddSingleton<DailyReports>();
        builder.Services.AddSingleton<DailyReportCloser>();
        return builder;
    }
}
