// CampusOps benchmarks: a console harness. Every figure is printed next to a baseline measured
// in the same run, as a ratio. Run from the repository root:
//
//   dotnet run -c Release --project ops/bench -- all
//
// or one of: messaging, memory, recovery, append, timers; ingest, latency and startup (not in all: they
// start the host as its own process and take ~40 s, ~60 s and a few minutes). BENCH_CALLERS (default 1024) and
// BENCH_APPEND_CONCURRENCY (default 1) shape the append benchmark. PostgreSQL benchmarks start a throwaway server
// (or use CAMPUS_TEST_POSTGRES). Results go to stdout as Markdown table rows for docs/benchmarks.md.
using Campus.Bench;

var which = args.Length > 0 ? args[0] : "all";
var report = new Report();
report.Header();
if (which is "all" or "messaging") MessagingBench.Run(report);
if (which is "all" or "memory") MemoryBench.Run(report);
if (which is "all" or "recovery") await RecoveryBench.RunAsync(report);
if (which is "all" or "append") await AppendBench.RunAsync(report);
if (which is "all" or "timers") await TimerBench.RunAsync(report);
if (which is "ingest") await IngestBench.RunAsync(report);
if (which is "latency") await LatencyBench.RunAsync(report);
if (which is "startup") await StartupBench.RunAsync(report);
return 0;
