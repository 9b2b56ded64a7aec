using Campus.Host.Campus;

namespace Campus.Host.Auth;

/// <summary>
/// <c>Campus.Host create-admin &lt;userName&gt; [settings]</c>: creates (or resets) an admin of every
/// campus in the data folder's <c>accounts.json</c>, with the password from
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
        var path = Path.Combine(dataFolder, "accounts.json");
        var accounts = AccountStore.Load(path);
        accounts.SetOperator(userName, Roles.Admin, "*", password!);
        new AuditLog(Path.Combine(dataFolder, "audit.jsonl"), TimeProvider.System).Record("(command line)", null, "account-create", "*", userName, "accepted", "admin");
        output.WriteLine($"Admin '{userName}' saved in {path}.");
        return 0;
    }
}
