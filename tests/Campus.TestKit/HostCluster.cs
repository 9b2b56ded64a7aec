using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Campus.TestKit;

/// <summary>
/// Several real host processes on one PostgreSQL database, joined as one Akka cluster: every node
/// lists every node as a seed (so a restarted first node joins the others instead of forming a
/// cluster of its own), each has its own data folder, and all share one demo file (the first node
/// writes it; the others find its keys and passwords valid, since accounts and keys live in the
/// database). Nodes can be killed (SIGKILL), stopped (SIGTERM) and started again on their port.
/// </summary>
public sealed class HostCluster : IAsyncDisposable
{
    private readonly string _hostDll;
    private readonly string _folder;
    private readonly IReadOnlyList<string> _settings;
    private readonly int[] _ports;
    private readonly HostProcess?[] _nodes;

    private HostCluster(string hostDll, string folder, IReadOnlyList<string> settings, int[] ports)
    {
        _hostDll = hostDll;
        _folder = folder;
        _settings = settings;
        _ports = ports;
        _nodes = new HostProcess?[ports.Length];
    }

    /// <summary>The shared demo file.</summary>
    public string DemoFile => Path.Combine(_folder, "demo.json");

    /// <summary>Node <paramref name="index"/> (null while it is down).</summary>
    public HostProcess? this[int index] => _nodes[index];

    /// <summary>How many nodes the cluster was started with.</summary>
    public int Count => _nodes.Length;

    /// <summary>The nodes that are running.</summary>
    public IEnumerable<HostProcess> Running => _nodes.Where(n => n is { HasExited: false })!;

    /// <summary>Node <paramref name="index"/>'s Akka address.</summary>
    public string Address(int index) => $"akka.tcp://campus@127.0.0.1:{_ports[index]}";

    /// <summary>
    /// Starts <paramref name="nodes"/> hosts on the PostgreSQL database <paramref name="connectionString"/>
    /// with <paramref name="settings"/> (<c>Key=Value</c>) besides the storage and cluster ones; the
    /// first alone (it forms the cluster), then the others together. Completes when all serve requests
    /// and the cluster lists them all as up.
    /// </summary>
    public static async Task<HostCluster> StartAsync(string hostDll, string folder, string connectionString, int nodes, IEnumerable<string> settings)
    {
        var ports = Enumerable.Range(0, nodes).Select(_ => PostgresServer.FreeLoopbackPort()).ToArray();
        var seeds = ports.Select((p, i) => $"Campus:Cluster:SeedNodes:{i}=akka.tcp://campus@127.0.0.1:{p}");
        var cluster = new HostCluster(hostDll, folder, [.. settings, "Campus:Store=postgres", $"Campus:ConnectionString={connectionString}", .. seeds], ports);
        try
        {
            await cluster.StartNodeAsync(0).ConfigureAwait(false);
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(cluster.StartNodeAsync)).ConfigureAwait(false);
            await cluster.WaitForUpAsync(nodes, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts node <paramref name="index"/> (again), on its own data folder and Akka port.</summary>
    public async Task<HostProcess> StartNodeAsync(int index)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, $"node{index + 1}")).FullName;
        var node = await HostProcess.StartAsync(_hostDll, folder,
            [.. _settings, $"Campus:DataFolder={folder}", $"Campus:DemoFile={DemoFile}", $"Campus:Cluster:Port={_ports[index]}"], DemoFile).ConfigureAwait(false);
        _nodes[index] = node;
        return node;
    }

    /// <summary>Kills node <paramref name="index"/> at once (SIGKILL).</summary>
    public async Task KillAsync(int index)
    {
        if (_nodes[index] is { } node) await node.DisposeAsync().ConfigureAwait(false);
        _nodes[index] = null;
    }

    /// <summary>Stops node <paramref name="index"/> gracefully (SIGTERM): it leaves the cluster first.</summary>
    public async Task StopAsync(int index)
    {
        if (_nodes[index] is { } node)
        {
            await node.StopAsync().ConfigureAwait(false);
            await node.DisposeAsync().ConfigureAwait(false);
        }
        _nodes[index] = null;
    }

    /// <summary>A client of <paramref name="node"/> signed in as the demo admin (one per node, kept).</summary>
    public async Task<HttpClient> AdminAsync(HostProcess node)
    {
        if (_admins.TryGetValue(node, out var client)) return client;
        client = await node.SignedInClientAsync("admin").ConfigureAwait(false);
        var token = (await client.GetFromJsonAsync<JsonObject>("/api/v1/auth/antiforgery").ConfigureAwait(false))!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", token);
        return _admins.GetOrAdd(node, client);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<HostProcess, HttpClient> _admins = new();

    /// <summary>The cluster as <paramref name="node"/> sees it (<c>GET /api/v1/cluster</c>, as the demo admin).</summary>
    public async Task<JsonObject> ViewAsync(HostProcess node, CancellationToken cancellationToken = default)
    {
        var admin = await AdminAsync(node).ConfigureAwait(false);
        return (await admin.GetFromJsonAsync<JsonObject>("/api/v1/cluster", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The index of the node that hosts <paramref name="campusId"/>, asked of <paramref name="asking"/>; null when none does yet.</summary>
    public async Task<int?> HostOfAsync(string campusId, HostProcess asking)
    {
        var view = await ViewAsync(asking).ConfigureAwait(false);
        foreach (var member in view["members"]!.AsArray())
        {
            if (!member!["campuses"]!.AsArray().Any(c => (string?)c == campusId)) continue;
            var address = (string)member["address"]!;
            for (var i = 0; i < _ports.Length; i++)
            {
                if (address == Address(i)) return i;
            }
        }
        return null;
    }

    /// <summary>Waits until a running node lists <paramref name="count"/> members as up (and none unreachable).</summary>
    public async Task WaitForUpAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var asking = Running.First();
            try
            {
                last = await ViewAsync(asking).ConfigureAwait(false);
                var members = last["members"]!.AsArray();
                if (members.Count(m => (string?)m!["status"] == "up" && (bool)m["reachable"]!) == count && members.All(m => (bool)m!["reachable"]!)) return;
            }
            catch (HttpRequestException)
            {
                // The node is starting or stopping: ask again.
            }
            await Task.Delay(250).ConfigureAwait(false);
        }
        throw new TimeoutException($"the cluster did not show {count} members up within {within}: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _admins.Values) client.Dispose();
        foreach (var node in _nodes)
        {
            if (node is not null) await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
