// CampusOps benchmarks: a console harness. Every figure is printed next to a baseline measured
// in the same run, as a ratio. Run from the repository root:
//
//   dotnet run -c Release --project ops/bench -- all
//
// or one of the entity benchmarks (all runs these, on the entity hosting alone, no web host):
// persistence, memory, messaging, recovery, timers; or one of the host benchmarks (not in all: they
// start src/Campus.Host as its own process): ingest, latency, startup, failover, cluster-latency (three of them) and
// county-overview (120 generated campuses; the county wall in Chromium). Each benchmark's header
// comment names what it measures, its baseline and the environment variables that size it.
// PostgreSQL benchmarks start a throwaway server (or use CAMPUS_TEST_POSTGRES). Result rows go to
// stdout as Markdown table rows for docs/benchmarks.md; progress and details go to stderr.
using Campus.Bench;

string[] entityBenchmarks = ["persistence", "memory", "messaging", "recovery", "timers"];
string[] hostBenchmarks = ["ingest", "latency", "startup", "failover", "cluster-latency", "county-overview"];
var which = args.Length > 0 ? args[0] : "all";
if (which != "all" && !entityBenchmarks.Contains(which) && !hostBenchmarks.Contains(which))
{
    Console.Error.WriteLine($"usage: Campus.Bench [all | {string.Join(" | ", entityBenchmarks.Concat(hostBenchmarks))}]");
    return 2;
}

// Only the result rows go to stdout: Akka's and the hosts' own log lines (which write to the
// console) go to stderr with the progress lines.
var report = new Report(Console.Out);
Console.SetOut(Console.Error);
report.Header();
if (which is "all" or "persistence") await PersistenceBench.RunAsync(report);
if (which is "all" or "memory") await MemoryBench.RunAsync(report);
if (which is "all" or "messaging") await MessagingBench.RunAsync(report);
if (which is "all" or "recovery") await RecoveryBench.RunAsync(report);
if (which is "all" or "timers") await TimerBench.RunAsync(report);
if (which is "ingest") await IngestBench.RunAsync(report);
if (which is "latency") await LatencyBench.RunAsync(report);
if (which is "startup") await StartupBench.RunAsync(report);
if (which is "failover") await FailoverBench.RunAsync(report);
if (which is "cluster-latency") await ClusterLatencyBench.RunAsync(report);
if (which is "county-overview") await CountyOverviewBench.RunAsync(report);
return 0;
