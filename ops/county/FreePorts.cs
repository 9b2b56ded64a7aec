using System.Net;
using System.Net.Sockets;

namespace Campus.County;

/// <summary>
/// <c>free-ports N</c>: prints N distinct free loopback ports (all held open until printed, so they
/// differ), for run.sh to give the hosts their HTTP and Akka.Remote ports and PostgreSQL its port.
/// </summary>
public static class FreePorts
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 2 || !int.TryParse(args[1], out var count) || count is < 1 or > 64)
        {
            error.WriteLine("usage: Campus.County free-ports <count 1-64>");
            return 2;
        }
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            output.WriteLine(string.Join(' ', listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)));
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
        return 0;
    }
}
