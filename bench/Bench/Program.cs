using Orchestrator.Bench;

// `host ...`: this harness as a silo host process (what HostUnderLoad measures from outside).
if (args is ["host", .. var hostArguments]) return await Orchestrator.Silo.SteerHost.RunAsync(hostArguments);

// Measures on this machine and writes bench/REPORT.md (or the file given). Every figure says what it ran on.
var repository = Repository.Root();
Environment.SetEnvironmentVariable("STEER_MODELS", Path.Combine(repository, "models"));
var report = args.Length > 0 ? args[0] : Path.Combine(repository, "bench", "REPORT.md");
var only = Environment.GetEnvironmentVariable("STEER_BENCH_ONLY");   // one section by name, while working on it
var sections = new List<string>();
foreach (var (name, run) in new (string, Func<Task<string>>)[]
         {
             ("overhead", ClusterOverhead.RunAsync),
             ("share", DenoiserShare.RunAsync),
             ("scaling", Scaling.RunAsync),
             ("host", () => HostUnderLoad.RunAsync(repository)),
             ("curves", () => RewardAgainstCompute.RunAsync(repository)),
         })
    if (only is null || only == name) sections.Add(await run());
File.WriteAllText(report, Report.Compose(sections));
Console.WriteLine($"wrote {report}");
return 0;
