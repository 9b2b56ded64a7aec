using Campus.Actors.Devices;
using Campus.Actors.Reference;

namespace Campus.County.Replay;

/// <summary>
/// <c>replay</c>: one school day of every campus's device traffic through the hosts' HTTP API.
/// Data flows as follows:
/// <list type="number">
/// <item>the manifests are loaded, the model's events of the day built per campus
/// (<see cref="CountyDay"/>) and the alerts they must raise derived (<see cref="ExpectedAlerts"/>);</item>
/// <item>the admin signs in on every node; every device gets a key (issued on the nodes in turn, so a
/// key issued on one node must work on all);</item>
/// <item>slice by slice (at most <c>--slice</c>, cut at the timer instants an alert depends on) the
/// slice's events are sent, in time order per device, by several concurrent clients to the nodes in
/// turn; then every node's clock is moved to the end of the slice (each node has its own clock, and
/// a campus's timers fire on the node that hosts it);</item>
/// <item>the alerts of every campus are read back and compared; the figures are printed.</item>
/// </list>
/// </summary>
public static class ReplayCommand
{
    /// <summary>Requests in flight while device keys are issued or alerts read.</summary>
    private const int AdminParallelism = 4;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (ReplayOptions.Parse(args, error) is not { } options) return 2;
        try
        {
            return await new Replay(options, output).RunAsync(CancellationToken.None);
        }
        catch (ReplayFailure failure)
        {
            error.WriteLine("replay failed: " + failure.Message);
            return 3;
        }
        catch (HttpRequestException unreachable)
        {
            error.WriteLine("replay failed: a node did not answer: " + unreachable.Message);
            return 3;
        }
    }

    private sealed class Replay(ReplayOptions options, TextWriter output)
    {
        private readonly List<NodeClient> _nodes = [.. options.Nodes.Select(n => new NodeClient(n))];
        private readonly Dictionary<(string Campus, string Device), string> _keys = [];
        private int _turn;

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            var setup = TimeProvider.System.GetTimestamp();
            var day = CountyDay.Load(options.Manifests, options.Campuses, options.Day, options.From, options.Length);
            var slices = day.Slices(options.Slice);
            output.WriteLine($"{day.Campuses.Count} campuses, {day.Students:N0} students, {day.Events:N0} events from {day.Start:yyyy-MM-dd HH:mm zzz} to {day.End:yyyy-MM-dd HH:mm}, " +
                $"{day.Campuses.Sum(c => c.Expected.Alerts.Count):N0} alerts expected; {slices.Count} slices; {_nodes.Count} node(s), {options.Clients} clients");

            using var ingest = new DeviceIngest(options.Clients);
            await SignInAsync(cancellationToken);
            await StartClocksAsync(day.Start, cancellationToken);
            await IssueKeysAsync(day, cancellationToken);
            await CheckKeysSharedAsync(day, ingest, cancellationToken);
            await Task.WhenAll(_nodes.Select(n => n.SettleAsync(cancellationToken))); // the campuses' configuration is applied
            var setupSeconds = TimeProvider.System.GetElapsedTime(setup).TotalSeconds;
            var before = Memory();

            var (wall, sending, clock) = await PlayAsync(day, slices, ingest, cancellationToken);
            var after = Memory();
            var comparison = AlertComparison.Compare(day.Campuses.SelectMany(c => c.Expected.Alerts), await AlertsAsync(day, cancellationToken));

            var counters = ingest.Counters;
            var figures = new ReplayFigures(options.Label, _nodes.Count, day.Campuses.Count, day.Students, counters.Events, counters.Scans,
                counters.Requests, counters.Accepted, counters.Duplicates, counters.Rejected, counters.Busy + counters.Unavailable + counters.TransportErrors,
                slices.Count, setupSeconds, wall, sending, clock, comparison.Expected.Count, comparison.Found.Count, comparison.Missing.Count,
                comparison.Extra.Count, comparison.Mismatched.Count,
                [.. before.Select(m => m?.ResidentBytes)], [.. after.Select(m => m?.ResidentBytes)], [.. after.Select(m => m?.PeakBytes)]);
            output.WriteLine();
            figures.Print(output);
            output.WriteLine($"  retries          {counters.Busy:N0} × 429, {counters.Unavailable:N0} × 503, {counters.TransportErrors:N0} without an answer");
            if (counters.FirstRejection is { } rejection) output.WriteLine($"  first rejected   {rejection}");
            output.WriteLine();
            comparison.Print(output);
            if (options.FiguresFile is { } path) figures.Save(path);
            foreach (var node in _nodes) node.Dispose();
            return comparison.Matches && counters.Rejected == 0 && counters.Events == day.Events ? 0 : 1;
        }

        /// <summary>Signs in on every node; when some accept the admin and others do not, the accounts are not shared.</summary>
        private async Task SignInAsync(CancellationToken cancellationToken)
        {
            var attempts = _nodes.Select(n => n.SignInAsync(options.Admin, options.Password, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(attempts);
            }
            catch (Exception ex) when (ex is ReplayFailure or HttpRequestException)
            {
                var failed = attempts.Where(a => a.IsFaulted).Select(a => a.Exception!.InnerException!.Message).ToList();
                var hint = failed.Count < _nodes.Count ? " (other nodes accept the same account: are accounts shared between the nodes?)" : "";
                throw new ReplayFailure($"cannot sign in as '{options.Admin}' on {failed.Count} of {_nodes.Count} node(s){hint}: {string.Join("; ", failed)}");
            }
        }

        /// <summary>Every node's clock at the day's start: a node already past it cannot replay the day (time only moves forward).</summary>
        private async Task StartClocksAsync(DateTimeOffset start, CancellationToken cancellationToken)
        {
            foreach (var node in _nodes)
            {
                var now = await node.ClockAsync(cancellationToken);
                if (now > start)
                    throw new ReplayFailure($"{node.Node}: the simulated clock is at {now:O}, after the replay's start {start:O}: start the host on a fresh data folder with Campus:SimulatedStart={start:O}");
                if (now < start) await node.AdvanceToAsync(start, cancellationToken);
            }
        }

        /// <summary>A key per device, issued on the nodes in turn (admins only; each key is shown once).</summary>
        private async Task IssueKeysAsync(CountyDay day, CancellationToken cancellationToken)
        {
            var devices = day.Campuses.SelectMany(c => c.Campus.Devices.Select(d => (Campus: c.Campus.CampusId, Device: d.Id))).ToList();
            var keys = new string[devices.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, devices.Count), Degree(AdminParallelism, cancellationToken), async (i, ct) =>
                keys[i] = await _nodes[i % _nodes.Count].IssueKeyAsync(devices[i].Campus, devices[i].Device, ct));
            for (var i = 0; i < devices.Count; i++) _keys[devices[i]] = keys[i];
            output.WriteLine($"{devices.Count:N0} device keys issued");
        }

        /// <summary>
        /// With several nodes, probes one key per campus on every node it was not issued on: a device
        /// may reach any node, so a key issued on one must be valid on all.
        /// </summary>
        private async Task CheckKeysSharedAsync(CountyDay day, DeviceIngest ingest, CancellationToken cancellationToken)
        {
            if (_nodes.Count < 2) return;
            var devices = day.Campuses.SelectMany(c => c.Campus.Devices.Select(d => (Campus: c.Campus.CampusId, Device: d.Id))).ToList();
            var unknown = new List<string>();
            for (var i = 0; i < devices.Count; i += Math.Max(1, devices.Count / 50))
            {
                var issuedOn = _nodes[i % _nodes.Count];
                foreach (var node in _nodes.Where(n => n != issuedOn))
                {
                    if (!await ingest.KnowsKeyAsync(node.Node, _keys[devices[i]], cancellationToken))
                        unknown.Add($"{devices[i].Campus}/{devices[i].Device} issued on {issuedOn.Node} is unknown to {node.Node}");
                }
            }
            if (unknown.Count > 0)
                throw new ReplayFailure($"device keys are not shared between the nodes: {unknown.Count} probes answered 401, e.g. {unknown[0]}");
        }

        /// <summary>Sends the day slice by slice and moves every clock to each slice's end; returns the wall, sending and clock-move seconds.</summary>
        private async Task<(double Wall, double Sending, double Clock)> PlayAsync(CountyDay day, List<(DateTimeOffset From, DateTimeOffset To)> slices,
            DeviceIngest ingest, CancellationToken cancellationToken)
        {
            var started = TimeProvider.System.GetTimestamp();
            var (sending, clock) = (TimeSpan.Zero, TimeSpan.Zero);
            var cursors = new int[day.Campuses.Count];
            var rules = day.Campuses[0].Campus.Rules;
            var hour = -1;
            foreach (var (from, to) in slices)
            {
                var mark = TimeProvider.System.GetTimestamp();
                var batches = Batches(day, cursors, to);
                await Parallel.ForEachAsync(batches, Degree(options.Clients, cancellationToken), async (batch, ct) =>
                    await ingest.SendAsync(NextNode(), _keys[(batch.Campus, batch.Events[0].DeviceId)], batch.Events, ct));
                sending += TimeProvider.System.GetElapsedTime(mark);

                mark = TimeProvider.System.GetTimestamp();
                await Task.WhenAll(_nodes.Select(n => MoveAsync(n, to, cancellationToken)));
                clock += TimeProvider.System.GetElapsedTime(mark);

                if (rules.LocalTime(to).Hour != hour)
                {
                    hour = rules.LocalTime(to).Hour;
                    var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
                    output.WriteLine($"  {rules.ToLocal(to):MM-dd HH:mm}  {ingest.Counters.Events,10:N0} events  {seconds,7:N0} s  {ingest.Counters.Events / seconds,7:N0} events/s  " +
                        $"retried {ingest.Counters.Busy + ingest.Counters.Unavailable + ingest.Counters.TransportErrors:N0}");
                }
            }
            await Task.WhenAll(_nodes.Select(n => n.SettleAsync(cancellationToken)));
            return (TimeProvider.System.GetElapsedTime(started).TotalSeconds, sending.TotalSeconds, clock.TotalSeconds);
        }

        /// <summary>
        /// Moves a node's clock to the end of a slice once the node has applied the slice's events.
        /// The settle comes first because a clock move fires the first due timer at once, without
        /// waiting for the tells of inputs already stored (a check-in on its way from the class-board
        /// to the student), and the student would be judged unseen before that check-in reaches it.
        /// </summary>
        private static async Task MoveAsync(NodeClient node, DateTimeOffset to, CancellationToken cancellationToken)
        {
            await node.SettleAsync(cancellationToken);
            await node.AdvanceToAsync(to, cancellationToken);
        }

        /// <summary>A slice's events: per campus and device, in time order, in batches of at most 1,000 (one device's key per request).</summary>
        private static List<(string Campus, List<DeviceReported> Events)> Batches(CountyDay day, int[] cursors, DateTimeOffset before)
        {
            var batches = new List<(string, List<DeviceReported>)>();
            for (var c = 0; c < day.Campuses.Count; c++)
            {
                var events = day.Campuses[c].Events;
                var first = cursors[c];
                while (cursors[c] < events.Count && events[cursors[c]].OccurredAt < before) cursors[c]++;
                var byDevice = new Dictionary<string, List<DeviceReported>>(StringComparer.Ordinal);
                for (var i = first; i < cursors[c]; i++)
                {
                    if (!byDevice.TryGetValue(events[i].DeviceId, out var list)) byDevice[events[i].DeviceId] = list = [];
                    list.Add(events[i]);
                }
                foreach (var list in byDevice.Values) batches.AddRange(list.Chunk(DeviceIngest.MaxBatch).Select(chunk => (day.Campuses[c].Campus.CampusId, chunk.ToList())));
            }
            return batches;
        }

        /// <summary>The nodes in turn: any node accepts any campus, and most requests reach a node that does not host the campus.</summary>
        private Uri NextNode() => _nodes[(int)((uint)Interlocked.Increment(ref _turn) % (uint)_nodes.Count)].Node;

        private async Task<List<(string Campus, AlertSeen Alert)>> AlertsAsync(CountyDay day, CancellationToken cancellationToken)
        {
            var found = new List<AlertSeen>[day.Campuses.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, day.Campuses.Count), Degree(AdminParallelism, cancellationToken), async (c, ct) =>
                found[c] = await _nodes[c % _nodes.Count].AlertsAsync(day.Campuses[c].Campus.CampusId, ct));
            return [.. found.SelectMany((alerts, c) => alerts.Select(a => (day.Campuses[c].Campus.CampusId, a)))];
        }

        private List<ResidentMemory?> Memory() => [.. options.Pids.Select(ResidentMemory.Of)];

        private static ParallelOptions Degree(int degree, CancellationToken cancellationToken) =>
            new() { MaxDegreeOfParallelism = degree, CancellationToken = cancellationToken };
    }
}
