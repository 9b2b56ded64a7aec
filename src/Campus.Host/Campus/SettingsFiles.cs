using Microsoft.Extensions.Configuration.Json;

namespace Campus.Host.Campus;

/// <summary>
/// The host's settings files. ASP.NET Core reads <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> from the content root, which is the working folder: a
/// service started from another folder (<c>dotnet /opt/campus/Campus.Host.dll</c> from <c>/</c>)
/// would run on no settings file at all. The files beside the binary are therefore read too, under
/// everything else (the content root's files, environment variables, the command line).
/// </summary>
public static class SettingsFiles
{
    /// <summary>Adds the settings files beside the binary (<see cref="AppContext.BaseDirectory"/>) as the lowest-priority sources.</summary>
    public static WebApplicationBuilder AddSettingsBesideTheBinary(this WebApplicationBuilder builder) => builder.AddSettingsFrom(AppContext.BaseDirectory);

    /// <summary>Adds <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> of <paramref name="folder"/> under every other source (nothing when it is the content root, already read).</summary>
    internal static WebApplicationBuilder AddSettingsFrom(this WebApplicationBuilder builder, string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (string.Equals(full, Path.TrimEndingDirectorySeparator(Path.GetFullPath(builder.Environment.ContentRootPath)), StringComparison.Ordinal)) return builder;
        string[] names = ["appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json"];
        for (var i = 0; i < names.Length; i++)
        {
            var source = new JsonConfigurationSource { Path = Path.Combine(full, names[i]), Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(i, source);
        }
        return builder;
    }
}
