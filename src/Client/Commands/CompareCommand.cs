using System.CommandLine;
using System.Globalization;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Pictures;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>
/// `steer compare SPEC.json --budgets 256,1024,4096 --out DIR`: every applicable method at the same denoiser
/// NFE budgets on the spec's model and reward, several seeds each; writes DIR/curves.csv and DIR/curves.png.
/// </summary>
static class CompareCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The job spec giving the model, sampler (steps, schedule), reward and lambda." };
        var budgets = new Option<string>("--budgets") { Description = "Denoiser NFE budgets, comma-separated.", DefaultValueFactory = _ => "256,1024,4096" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per method and budget (from the spec's seed, default 1).", DefaultValueFactory = _ => 5 };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for curves.csv (method, budget, seed, nfe, meanReward, bestReward, diversity) and curves.png (mean reward against budget per method).", Required = true };
        var command = new Command("compare", "Run every applicable method at the same NFE budgets and plot reward against compute.") { spec, budgets, seeds, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parsedBudgets = ParseBudgets(parse.GetValue(budgets)!);
            if (parsedBudgets is null || parse.GetValue(seeds) < 1)
            {
                Output.Error("steer: --budgets needs positive whole numbers separated by commas, and --seeds at least 1");
                return ExitCodes.InvalidInput;
            }
            var jobSpec = SpecFile.Read(parse.GetValue(spec)!);
            if (jobSpec is null) return ExitCodes.InvalidInput;
            if (jobSpec.Reward is null)
            {
                Output.Error("steer: compare ranks methods by reward, and this spec has none");
                return ExitCodes.InvalidInput;
            }
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            return await RunAsync(jobSpec, parsedBudgets, parse.GetValue(seeds), parse.GetValue(output)!, cancellationToken);
        });
        return command;
    }

    static long[]? ParseBudgets(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (long?)null).ToArray();
        return values.Length == 0 || values.Any(v => v is null) ? null : values.Select(v => v!.Value).Distinct().Order().ToArray();
    }

    static async Task<int> RunAsync(JobSpec spec, long[] budgets, int seeds, DirectoryInfo output, CancellationToken cancellationToken)
    {
        return await JobFailures.ReportAsync("comparison", async () =>
        {
            var skipped = budgets.SelectMany(budget => Comparison.Variants(spec, budget).Where(v => v.Spec is null).Select(v => new { Method = v.Label, Budget = budget })).ToArray();
            foreach (var skip in skipped)
                Output.Note($"{skip.Method} does not fit a budget of {skip.Budget} with {spec.Sampler!.Steps} steps; skipped there");
            var runs = budgets.Sum(budget => Comparison.Variants(spec, budget).Count(v => v.Spec is not null)) * seeds;
            List<ComparisonRow> rows;
            using (var progress = new ProgressDisplay(runs, "run"))
            {
                var done = 0;
                rows = await Comparison.RunAsync(spec, budgets, seeds,
                    row => progress.Report(++done, $"{row.Method} budget {row.Budget} seed {row.Seed}: NFE {row.Nfe}, mean reward {row.MeanReward:F4}, best {row.BestReward:F4}"),
                    cancellationToken);
            }
            output.Create();
            var csv = Path.Combine(output.FullName, "curves.csv");
            File.WriteAllLines(csv, ["method,budget,seed,nfe,meanReward,bestReward,diversity",
                .. rows.Select(r => string.Join(',', r.Method, r.Budget, r.Seed, r.Nfe, Number(r.MeanReward), Number(r.BestReward), Number(r.Diversity)))]);
            var png = Path.Combine(output.FullName, "curves.png");
            RewardCurves.Write(png, Curves(rows), $"{spec.Model!.Kind}, {spec.Reward!.Kind} reward, {spec.Sampler!.Steps} steps, {seeds} seeds");
            PrintTable(rows);
            Output.Line($"wrote {csv} and {png}");
            Output.Set("budgets", budgets);
            Output.Set("seeds", seeds);
            Output.Set("rows", rows);
            Output.Set("skipped", skipped);
            Output.Set("files", new Dictionary<string, string> { ["csv"] = csv, ["curves"] = png });
            return ExitCodes.Success;
        });
    }

    /// <summary>Each method's mean reward over seeds at each budget, with its standard error.</summary>
    static RewardCurves.Curve[] Curves(IReadOnlyList<ComparisonRow> rows) =>
        [.. Comparison.Points(rows).GroupBy(p => p.Method).Select(method => new RewardCurves.Curve(method.Key,
            [.. method.Select(p => (double)p.Budget)], [.. method.Select(p => p.MeanReward)], [.. method.Select(p => p.StandardError)]))];

    static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Mean reward per method and budget (mean over seeds), the best method of each budget marked.</summary>
    static void PrintTable(IReadOnlyList<ComparisonRow> rows)
    {
        var budgets = rows.Select(r => r.Budget).Distinct().Order().ToArray();
        Output.Line($"{"mean reward",-18}{string.Concat(budgets.Select(b => $"{b,12:N0}"))}");
        var means = rows.GroupBy(r => (r.Method, r.Budget)).ToDictionary(g => g.Key, g => g.Average(r => r.MeanReward));
        var best = budgets.ToDictionary(b => b, b => means.Where(m => m.Key.Budget == b).MaxBy(m => m.Value).Key.Method);
        foreach (var method in rows.Select(r => r.Method).Distinct())
            Output.Line($"{method,-18}{string.Concat(budgets.Select(b => means.TryGetValue((method, b), out var m) ? $"{m,11:F3}{(best[b] == method ? "*" : " ")}" : $"{"-",12}"))}");
    }
}
