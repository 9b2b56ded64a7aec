using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace Campus.Actors.Hosting;

/// <summary>How this node joins the cluster. With no seed nodes it is a cluster of one that joins itself.</summary>
public sealed class CampusClusterOptions
{
    /// <summary>The address other nodes reach this one at.</summary>
    public string HostName { get; set; } = "127.0.0.1";

    /// <summary>The Akka.Remote port (0: any free port, for a cluster of one).</summary>
    public int Port { get; set; }

    /// <summary>Seed node addresses (<c>akka.tcp://campus@host:port</c>); empty: join itself.</summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>This node's roles.</summary>
    public List<string> Roles { get; set; } = [];
}

/// <summary>Akka.Cluster for the campus entities.</summary>
public static class CampusCluster
{
    /// <summary>The actor system's name: every node of one cluster uses it.</summary>
    public const string SystemName = "campus";

    /// <summary>Remoting and clustering; a node without seed nodes forms a cluster of one by joining itself.</summary>
    public static AkkaConfigurationBuilder WithCampusCluster(this AkkaConfigurationBuilder builder, CampusClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.WithRemoting(options.HostName, options.Port);
        // A tell lost in a hand-off or a restart is sent again by its sender: a few dead letters are expected, not news.
        builder.AddHocon("akka.log-dead-letters = 3\nakka.log-dead-letters-during-shutdown = off", HoconAddMode.Prepend);
        builder.WithClustering(new ClusterOptions
        {
            SeedNodes = options.SeedNodes.Count > 0 ? [.. options.SeedNodes] : null,
            Roles = options.Roles.Count > 0 ? [.. options.Roles] : null,
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
}
