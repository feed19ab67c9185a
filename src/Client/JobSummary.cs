using Orchestrator.Contracts.Results;

namespace Orchestrator.Client;

/// <summary>What every command that ends with a result (run, run --local-silos, result) prints about it, as text or as --json fields.</summary>
static class JobSummary
{
    /// <summary>
    /// The summary of <paramref name="result"/>: method, particles, steps, seed, rewards, ESS, resamplings, NFE, the
    /// line about time (<paramref name="timing"/>) and the files written. JSON fields: method, particles, steps, seed,
    /// summary, nfe, timings (when known) and files (kind to full path).
    /// </summary>
    public static void Report(JobResult result, IReadOnlyDictionary<string, string> files, JobTimings? timings, string timing)
    {
        var s = result.Summary;
        var particles = result.LogWeights.Length;
        Output.Line($"{result.Method}: {particles} particles x {result.Trace.Count} steps, seed {result.Spec.Seed}");
        if (result.Nfe.Reward > 0)
            Output.Line($"  mean reward {s.MeanReward:F4}, weighted {s.WeightedMeanReward:F4}, best {s.BestReward:F4} (particle {s.BestIndex})");
        Output.Line($"  final ESS {s.FinalEss:F1}, resampled at {s.Resamplings} steps");
        Output.Line($"  NFE: {result.Nfe.Denoiser} denoiser, {result.Nfe.Reward} reward evaluations");
        Output.Line($"  {timing}");
        var written = files.Values.ToArray();
        if (written.Length > 0)
            Output.Line($"  wrote {string.Join(", ", written.Select((path, i) => i == 0 ? path : Path.GetFileName(path)))}");

        Output.Set("method", result.Method);
        Output.Set("particles", particles);
        Output.Set("steps", result.Trace.Count);
        Output.Set("seed", result.Spec.Seed);
        Output.Set("summary", s);
        Output.Set("nfe", result.Nfe);
        Output.Set("timings", timings);
        Output.Set("files", files);
    }
}
