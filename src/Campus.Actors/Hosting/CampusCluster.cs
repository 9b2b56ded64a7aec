using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace Campus.Actors.Hosting;

/// <summary>
/// How this node joins the cluster (settings section <c>Campus:Cluster</c>). With no seed nodes it
/// is a cluster of one that joins itself; with seed nodes, every node that names the same seeds and
/// the same PostgreSQL forms one cluster.
/// </summary>
public sealed class CampusClusterOptions
{
    /// <summary>The address other nodes reach this one at (a host name or IP they can resolve).</summary>
    public string HostName { get; set; } = "127.0.0.1";

    /// <summary>The address to listen on, when it differs from <see cref="HostName"/> (<c>0.0.0.0</c> in a container).</summary>
    public string? BindHostName { get; set; }

    /// <summary>The Akka.Remote port (0: any free port, fine for a cluster of one).</summary>
    public int Port { get; set; }

    /// <summary>Seed node addresses (<c>akka.tcp://campus@host:port</c>); empty: join itself.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>This node's roles.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>How often nodes send each other heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a node may miss heartbeats (a GC pause, a busy CPU) before the others mark it
    /// unreachable. Shorter finds a dead node sooner but marks a loaded live one unreachable.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// How long the membership must stay unchanged before the split brain resolver (keep-majority)
    /// downs the unreachable side. Shorter fails over sooner; too short downs nodes that were only
    /// slow for a moment.
    /// </summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// How long sharding and singletons wait after a node is downed before they start its campuses
    /// elsewhere: the downed node's own time to notice it is out and stop them.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Akka.Cluster for the campus entities.</summary>
public static class CampusCluster
{
    /// <summary>The actor system's name: every node of one cluster uses it.</summary>
    public const string SystemName = "campus";

    /// <summary>The largest message between nodes (8 MiB): a manifest of 20,000 students fits.</summary>
    public const int MaxFrameBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Remoting and clustering, with the split brain resolver keeping the majority side and the
    /// failure detector and gossip timings of <paramref name="options"/> (docs/configuration.md
    /// explains the trade-off). A node without seed nodes forms a cluster of one by joining itself.
    /// </summary>
    public static AkkaConfigurationBuilder WithCampusCluster(this AkkaConfigurationBuilder builder, CampusClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.WithRemoting(new RemoteOptions
        {
            HostName = options.BindHostName ?? options.HostName,
            PublicHostName = options.HostName,
            Port = options.Port,
        });
        // A tell lost in a hand-off or a restart is sent again by its sender: a few dead letters are expected, not news.
        builder.AddHocon("akka.log-dead-letters = 3\nakka.log-dead-letters-during-shutdown = off", HoconAddMode.Prepend);
        builder.AddHocon(Timings(options), HoconAddMode.Prepend);
        // A campus's manifest travels to its config entity on whichever node hosts it: ~340 bytes a
        // student (215 KB for the demo's 640), far past remoting's default 128,000-byte frame.
        builder.AddHocon($$"""
            akka.remote.dot-netty.tcp {
              maximum-frame-size = {{MaxFrameBytes}}b
              send-buffer-size = {{2 * MaxFrameBytes}}b
              receive-buffer-size = {{2 * MaxFrameBytes}}b
            }
            """, HoconAddMode.Prepend);
        builder.WithClustering(new ClusterOptions
        {
            SeedNodes = options.SeedNodes.Count > 0 ? [.. options.SeedNodes] : null,
            Roles = options.Roles.Count > 0 ? [.. options.Roles] : null,
            SplitBrainResolver = new KeepMajorityOption(),
        });
        if (options.SeedNodes.Count == 0)
        {
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }
        return builder;
    }

    /// <summary>
    /// Akka's defaults take about 50 s from a node's death to its campuses answering elsewhere:
    /// a 3 s heartbeat pause, 20 s stable-after, paid again as the down-removal margin. These
    /// timings bring it to 11-13 s with three nodes on two cores, most of the rest being the
    /// campus's recovery (docs/benchmarks.md, "Cluster failover", has the measurements).
    /// </summary>
    private static string Timings(CampusClusterOptions options)
    {
        static string Ms(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var gossip = Ms(TimeSpan.FromMilliseconds(Math.Min(500, options.HeartbeatInterval.TotalMilliseconds)));
        return $$"""
            akka.cluster {
              failure-detector {
                heartbeat-interval = {{Ms(options.HeartbeatInterval)}}
                acceptable-heartbeat-pause = {{Ms(options.AcceptableHeartbeatPause)}}
              }
              split-brain-resolver.stable-after = {{Ms(options.StableAfter)}}
              down-removal-margin = {{Ms(options.DownRemovalMargin)}}
              gossip-interval = {{gossip}}
              leader-actions-interval = {{gossip}}
              unreachable-nodes-reaper-interval = {{gossip}}
              # When a node dies its campuses' shards (and, on the oldest node, the shard
              # coordinator and the singletons) move: retry sooner than the defaults' 1-5 s.
              sharding {
                retry-interval = {{gossip}}
                coordinator-failure-backoff = {{gossip}}
              }
              singleton.hand-over-retry-interval = {{gossip}}
              singleton-proxy.singleton-identification-interval = {{gossip}}
            }
            """;
    }
}
