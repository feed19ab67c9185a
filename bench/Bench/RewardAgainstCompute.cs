using System.Globalization;
using System.Text;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Pictures;

namespace Orchestrator.Bench;

/// <summary>
/// Compute-matched reward against denoiser NFE for every method (`steer compare`'s study, embedded) on the 2-D mixture
/// with the linear reward r(x, y) = x + 0.5 y, where more compute keeps paying; writes bench/curves.png beside the report.
/// </summary>
static class RewardAgainstCompute
{
    static readonly long[] Budgets = [1024, 4096, 16384];
    const int Seeds = 5;

    public static async Task<string> RunAsync(string repository)
    {
        Console.WriteLine("reward against NFE");
        var spec = JobSpecJson.ParseValid(BenchJobs.Mixture(particles: 1, steps: 100));
        var points = Comparison.Points(await Comparison.RunAsync(spec, Budgets, Seeds));
        var curves = points.GroupBy(p => p.Method).Select(m => new RewardCurves.Curve(m.Key,
            [.. m.Select(p => (double)p.Budget)], [.. m.Select(p => p.MeanReward)], [.. m.Select(p => p.StandardError)])).ToArray();
        RewardCurves.Write(Path.Combine(repository, "bench", "curves.png"), curves, $"2-D mixture, linear reward, 100 DDPM steps, {Seeds} seeds");

        var text = new StringBuilder("## Reward against compute (2-D mixture, 100 steps, linear reward r = x + 0.5 y)\n\n");
        text.AppendLine($"Every method sized to the same denoiser NFE budgets (`steer compare`), {Seeds} seeds each, embedded: the mean over seeds of the weighted mean reward of what each method returns, ± its standard error. FK (lambda 1) and best-of-N aim at p(x) exp(r(x)), whose mean reward is fixed; SVDD and the searches maximise r, so theirs grows with compute. Plot: [curves.png](curves.png).\n");
        text.AppendLine("| method | " + string.Join(" | ", Budgets.Select(b => $"NFE {b:N0}")) + " |");
        text.AppendLine("|---|" + string.Concat(Budgets.Select(_ => "---|")));
        foreach (var method in points.GroupBy(p => p.Method))
            text.AppendLine($"| {method.Key} | " + string.Join(" | ", Budgets.Select(b => method.FirstOrDefault(p => p.Budget == b) is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{p.MeanReward:F3} ± {p.StandardError:F3}") : "does not fit")) + " |");
        return text.ToString();
    }
}
