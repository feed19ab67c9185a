using Orchestrator.Bench;

// Measures on this machine and writes bench/REPORT.md (or the file given). Every figure says what it ran on.
var repository = Repository.Root();
Environment.SetEnvironmentVariable("STEER_MODELS", Path.Combine(repository, "models"));
var report = args.Length > 0 ? args[0] : Path.Combine(repository, "bench", "REPORT.md");
var sections = new List<string> { await ClusterOverhead.RunAsync() };
File.WriteAllText(report, Report.Compose(sections));
Console.WriteLine($"wrote {report}");
