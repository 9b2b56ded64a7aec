using Campus.Host.Apis;
using Campus.Host.Logging;
using Campus.Host.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddCampusLogging();
builder.AddCampusStorage();

var app = builder.Build();

app.MapHealthApi();

app.Run();

/// <summary>The host's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
