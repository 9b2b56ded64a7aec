using Microsoft.Extensions.FileProviders;

namespace Campus.Host.Console;

/// <summary>
/// Serves the security console (<c>src/Campus.Console</c>, built into <c>dist/</c> and copied to
/// <c>console/</c> in the output folder by the project file) at <c>/</c>: <c>index.html</c>,
/// <c>app.js</c>, <c>app.css</c>. The page routes by its hash (<c>/#/wall</c>,
/// <c>/#/supervisor</c>, <c>/#/parent</c>), so the host serves only these static files.
/// </summary>
public static class ConsoleFiles
{
    /// <summary>Serves the console's files from the first folder that has them, with <c>/</c> giving index.html.</summary>
    public static WebApplication UseCampusConsole(this WebApplication app)
    {
        var folder = Locate(app.Environment.ContentRootPath);
        if (folder is null)
        {
            app.Logger.LogWarning("The security console is not built (no console/index.html in the output folder nor src/Campus.Console/dist); / will answer 404");
            return app;
        }
        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "" });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "",
            OnPrepareResponse = context =>
            {
                // index.html names app.js and app.css without a version: make browsers revalidate so
                // a wall display that reloads gets the new bundle after an upgrade.
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    /// <summary>The output folder's copy (a build or publish), else the console's own dist (tests with another base directory).</summary>
    internal static string? Locate(string contentRoot)
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "console"),
            Path.GetFullPath(Path.Combine(contentRoot, "..", "Campus.Console", "dist")),
        ];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "index.html")));
    }
}
