using Campus.County.Generate;
using Campus.County.Replay;

namespace Campus.County;

/// <summary>
/// The county at scale (issue 11): <c>generate</c> writes 120 campuses with 37,051 students,
/// <c>replay</c> plays one school day of their device traffic through the hosts' HTTP API and checks
/// the alerts, <c>table</c> compares the figures of two replays, <c>free-ports</c> helps run.sh.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        return args.FirstOrDefault() switch
        {
            "generate" => GenerateCommand.Run(args, Console.Out, Console.Error),
            "replay" => await ReplayCommand.RunAsync(args, Console.Out, Console.Error),
            "table" => FiguresTable.Run(args, Console.Out, Console.Error),
            "free-ports" => FreePorts.Run(args, Console.Out, Console.Error),
            _ => Usage(Console.Error),
        };
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("""
            usage:
              Campus.County generate --out <dir>
              Campus.County replay --nodes http://a,http://b --manifests <dir> --day yyyy-MM-dd --admin <user> [--password <pw>]
                                   [--pids p1,p2] [--campuses N] [--clients N] [--slice hh:mm:ss] [--label text] [--figures file.json]
              Campus.County table <figures.json> <figures.json>
              Campus.County free-ports <count>
            The replay's password may come from CAMPUS_ADMIN_PASSWORD instead of --password (not visible in ps).
            """);
        return 2;
    }
}
