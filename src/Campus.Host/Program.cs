using Campus.Host.Adapters;
using Campus.Host.Akka;
using Campus.Host.Apis;
using Campus.Host.Auth;
using Campus.Host.Campus;
using Campus.Host.Console;
using Campus.Host.County;
using Campus.Host.Devices;
using Campus.Host.Hubs;
using Campus.Host.Ingest;
using Campus.Host.Logging;
using Campus.Host.Notifications;
using Campus.Host.Proxy;
using Campus.Host.Reports;
using Campus.Host.Storage;
using Campus.Host.Visitors;

if (args is [CreateAdminCommand.Name, ..]) return CreateAdminCommand.Run(args, System.Console.In, System.Console.Out, System.Console.Error);

var builder = WebApplication.CreateBuilder(args);

builder.AddSettingsBesideTheBinary();
builder.AddCampusLogging();
builder.AddCampusStorage();
builder.AddCampusAkka();
builder.AddCampus();
builder.AddCampusReverseProxy();
builder.AddCampusJsonBodies();

var app = builder.Build();

app.UseCampusReverseProxy();
app.UseCampusSecurityHeaders();
app.UseCampusRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseCampusAuth();
app.UseCampusConsole();

app.MapHealthApi();
app.MapIngestApi();
app.MapAdaptersApi();
app.MapAuthApi();
app.MapAccountsApi();
app.MapOperatorApi();
app.MapVisitorApi();
app.MapDeviceKeysApi();
app.MapQueryApi();
app.MapReportsApi();
app.MapCountyApi();
app.MapSimulationApi();
app.MapNotificationsApi();
app.MapAdminApi();
app.MapClusterApi();
app.MapHub<CampusHub>("/hubs/campus");
app.MapOpenApi();

app.Run();
return 0;

/// <summary>The host's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
