// The crash driver: a process that stores a stream of inputs through the entity hosting and prints
// "ack <tag>" for each one acknowledged as durable, until it is killed.
//
//   Campus.CrashDriver <run> sqlite <path> | <run> postgres <connection string>
//
// Half of the inputs are Add (counted by their counter), half are Forward (the counter that gets
// it tells another counter to add: a tell between entities, at least once). The crash tests start
// it, wait for some acknowledgements, kill it with SIGKILL and then check on the same journal that
// every acknowledged input was counted exactly once.
using Campus.Actors.Entities;
using Campus.Actors.Hosting;
using Campus.TestKit;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Campus.CrashDriver <run> sqlite <path> | <run> postgres <connection string>");
    return 2;
}

var run = args[0];
var store = new CampusStore(args[1], args[2]);
var host = new EntityHost(Samples.Behaviors(), Samples.Codec(), TimeProvider.System, new PubSubOutputSink(), new EntityHostOptions { SnapshotEvery = 20 });
await using var node = await EntityNode.StartAsync(host, store);
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
        object message = n % 2 == 0 ? new Add(tag) : new Forward($"counter/c{n % 5}/f{n % 3}", tag);
        try
        {
            await node.Entities.TellAsync(new EntityInput(target, message, "driver", tag, TimeProvider.System.GetUtcNow()));
        }
        catch (Exception ex) when (ex is OverloadedException or EntitiesUnavailableException)
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
