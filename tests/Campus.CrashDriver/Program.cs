// The crash driver: a process that appends a stream of inputs through the runtime and prints
// "ack <tag>" for each one the runtime acknowledged as durable, until it is killed.
//
//   Campus.CrashDriver <run> sqlite <path> | <run> postgres <connection string>
//
// The crash tests start it, wait for some acknowledgements, kill it with SIGKILL and then check
// on the same store that every acknowledged input was applied exactly once.
using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;
using Campus.Actors.Storage.Sqlite;
using Campus.TestKit;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Campus.CrashDriver <run> sqlite <path> | <run> postgres <connection string>");
    return 2;
}

var run = args[0];
IShardStore store = args[1] switch
{
    "sqlite" => new SqliteShardStore(args[2]),
    "postgres" => new PostgresShardStore(args[2]),
    _ => throw new ArgumentException($"Unknown provider {args[1]}"),
};
await store.MigrateAsync();
var runtime = new EntityRuntime(store, Samples.Behaviors(), Samples.Codec(), new RuntimeOptions { ShardCount = 4, MaxCheckpointBatch = 50 });
await runtime.StartAsync();
Console.Out.WriteLine("ready");
Console.Out.Flush();

var next = 0;
var output = new Lock();
var writers = Enumerable.Range(0, 8).Select(async _ =>
{
    while (true)
    {
        var n = Interlocked.Increment(ref next);
        var tag = $"{run}-{n}";
        var target = EntityId.Parse($"counter/c{n % 5}/k{n % 7}");
        try
        {
            await runtime.TellAsync(target, new Add(tag), "driver", tag, TimeProvider.System.GetUtcNow());
        }
        catch (OverloadedException)
        {
            continue;
        }
        lock (output)
        {
            Console.Out.WriteLine($"ack {tag}");
            Console.Out.Flush();
        }
    }
}).ToArray();
await Task.WhenAll(writers);
return 0;
