namespace Orchestrator.Client;

/// <summary>Progress of a run on stderr, the same for embedded and cluster runs: every tenth of the steps, and the last.</summary>
static class ProgressLines
{
    public static void Print(int step, int steps, double ess, double? meanReward, bool resampled)
    {
        var every = Math.Max(1, steps / 10);
        if (step % every != 0 && step != steps - 1) return;
        var reward = meanReward is { } r ? $" mean reward {r:F4}" : "";
        Console.Error.WriteLine($"step {step + 1}/{steps}  ESS {ess:F1}{reward}{(resampled ? "  resampled" : "")}");
    }
}
