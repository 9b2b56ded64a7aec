using Campus.Host.Campus;
using Campus.Host.Storage;

namespace Campus.Host.Auth;

/// <summary>
/// <c>Campus.Host create-admin &lt;userName&gt; [settings]</c>: creates (or resets) an admin of every
/// campus in the data folder's <c>accounts.json</c> (or, with <c>Campus:Store=postgres</c>, in the
/// accounts every node of the cluster shares), with the password from
/// <c>CAMPUS_ADMIN_PASSWORD</c> or the first line of standard input, then exits. Outside demo mode
/// this is the only way the first account comes to exist: there is never a default password.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            error.WriteLine("usage: Campus.Host create-admin <userName> [--Campus:DataFolder=...]  (password from CAMPUS_ADMIN_PASSWORD or standard input)");
            return 2;
        }
        var userName = args[1];
        var builder = WebApplication.CreateBuilder(args[2..]);
        var dataFolder = CampusSetup.DataFolder(builder);
        var password = Environment.GetEnvironmentVariable("CAMPUS_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            output.Write($"Password for {userName}: ");
            output.Flush();
            password = input.ReadLine();
        }
        if (PasswordRules.Check(password) is { } problem)
        {
            error.WriteLine($"The password {problem}.");
            return 1;
        }
        var storage = builder.Configuration.GetSection(CampusStorageOptions.Section).Get<CampusStorageOptions>() ?? new CampusStorageOptions();
        if (storage.Store == "postgres" && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            error.WriteLine(CampusStorageOptions.ConnectionStringRequired);
            return 1;
        }
        var database = new HostDatabase(storage, builder.Environment.ContentRootPath);
        var path = Path.Combine(dataFolder, "accounts.json");
        if (database.Postgres is { } postgres)
        {
            // The tables may not exist yet when the admin is created before the first start.
            database.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            new AccountStore(database.SharedDocument("accounts", path)).SetOperator(userName, Roles.Admin, "*", password!);
            new AuditLog(postgres, TimeProvider.System).Record("(command line)", null, "account-create", "*", userName, "accepted", "admin");
            output.WriteLine($"Admin '{userName}' saved in the shared PostgreSQL accounts.");
            return 0;
        }
        AccountStore.Load(path).SetOperator(userName, Roles.Admin, "*", password!);
        new AuditLog(Path.Combine(dataFolder, "audit.jsonl"), TimeProvider.System).Record("(command line)", null, "account-create", "*", userName, "accepted", "admin");
        output.WriteLine($"Admin '{userName}' saved in {path}.");
        return 0;
    }
}
