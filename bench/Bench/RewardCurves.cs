using System.Globalization;
using System.Text;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;

namespace Orchestrator.Bench;

/// <summary>
/// Compute-matched reward against denoiser NFE for every method (`steer compare`'s study) on the digits model with the
/// classifier reward for the digit 7: mean over seeds of the returned samples' weighted mean reward (log p(7 | x)).
/// </summary>
static class RewardCurves
{
    static readonly long[] Budgets = [1024, 4096, 16384];
    const int Seeds = 3;

    public static async Task<string> RunAsync(string repository)
    {
        Console.WriteLine("reward against NFE");
        var spec = JobSpecJson.ParseValid(BenchJobs.Digits(particles: 1, steps: 50, every: 5));
        var rows = await Comparison.RunAsync(spec, Budgets, Seeds);
        var text = new StringBuilder("## Reward against compute (digits, 50 DDPM steps, classifier reward for the digit 7)\n\n");
        text.AppendLine($"Every method at the same denoiser NFE budgets (`steer compare`), {Seeds} seeds each: the mean over seeds of the returned samples' weighted mean reward, log p(7 | x) by the digits classifier (0 is certain), ± its standard error; embedded runs.\n");
        text.AppendLine("| method | " + string.Join(" | ", Budgets.Select(b => $"NFE {b:N0}")) + " |");
        text.AppendLine("|---|" + string.Concat(Budgets.Select(_ => "---|")));
        foreach (var method in rows.Select(r => r.Method).Distinct())
        {
            var cells = Budgets.Select(budget =>
            {
                var values = rows.Where(r => r.Method == method && r.Budget == budget).Select(r => r.MeanReward).ToArray();
                if (values.Length == 0) return "does not fit";
                var mean = values.Average();
                var error = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
                return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {error:F3}");
            });
            text.AppendLine($"| {method} | {string.Join(" | ", cells)} |");
        }
        return text.ToString();
    }
}
