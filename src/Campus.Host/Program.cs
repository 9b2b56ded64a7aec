using Campus.Host.Adapters;
using Campus.Host.Apis;
using Campus.Host.Campus;
using Campus.Host.Console;
using Campus.Host.Hubs;
using Campus.Host.Ingest;
using Campus.Host.Logging;
using Campus.Host.Notifications;
using Campus.Host.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddCampusLogging();
builder.AddCampusStorage();
builder.AddCampus();

var app = builder.Build();

app.UseCampusRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseCampusConsole();

app.MapHealthApi();
app.MapIngestApi();
app.MapAdaptersApi();
app.MapOperatorApi();
app.MapQueryApi();
app.MapSimulationApi();
app.MapNotificationsApi();
app.MapHub<CampusHub>("/hubs/campus");
app.MapOpenApi();

app.Run();

/// <summary>The host's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
