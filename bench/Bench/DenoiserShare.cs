using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Silo.Local;

namespace Orchestrator.Bench;

/// <summary>
/// How much of a job's time is spent inside denoiser forward passes when each worker steps 256 particles at a time:
/// embedded (one batch of 256), on 1 silo (one shard of 256) and on 3 silos (512 particles, a shard of 256 on each of
/// two workers, so the workers' time is twice the wall time). The classifier reward's share is shown beside it.
/// </summary>
static class DenoiserShare
{
    public static async Task<string> RunAsync()
    {
        Console.WriteLine("denoiser share at batch 256");
        var text = new StringBuilder("## Denoiser share at batch 256 (digits FK, 100 steps, classifier reward)\n\n");
        text.AppendLine("Seconds inside denoiser forward passes (and inside the reward's classifier) as a share of the workers' time: the job's wall time times the workers it ran on. Cluster times run from submission to the stored result.\n");
        text.AppendLine("| run | particles | workers | wall | denoiser | reward | other |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        var (_, timings) = await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(BenchJobs.Digits(256)));   // warms the model's first passes
        (_, timings) = await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(BenchJobs.Digits(256)));
        text.AppendLine(Row("embedded", 256, 1, timings.WallSeconds, timings.DenoiserSeconds, timings.RewardSeconds));
        foreach (var (silos, particles, workers) in new[] { (1, 256, 1), (3, 512, 2) })
        {
            await using var cluster = await LocalCluster.StartAsync(silos, logLevel: LogLevel.Critical);
            await BenchJobs.RunAsync(cluster.Client, BenchJobs.Digits(particles, steps: 10));   // warm-up
            var (seconds, status, _) = await BenchJobs.RunAsync(cluster.Client, BenchJobs.Digits(particles));
            text.AppendLine(Row($"{silos} silo{(silos > 1 ? "s" : "")}", particles, workers, seconds, status.Used!.DenoiserSeconds, status.Used.RewardSeconds));
        }
        return text.ToString();
    }

    static string Row(string run, int particles, int workers, double wall, double denoiser, double reward)
    {
        var time = wall * workers;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {run} | {particles} | {workers} | {wall:F2} s | {denoiser:F2} s ({denoiser / time:P0}) | {reward:F2} s ({reward / time:P0}) | {(time - denoiser - reward) / time:P0} |");
    }
}
