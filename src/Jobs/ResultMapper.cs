using Orchestrator.Contracts.Results;
using Orchestrator.Steering.Methods;

namespace Orchestrator.Jobs;

/// <summary>Turns the engine's answer into the result format users see.</summary>
public static class ResultMapper
{
    public static JobResult ToResult(BuiltJob job, SteeringResult outcome)
    {
        var samples = outcome.Samples;
        var rows = samples.IsDiscrete ? [] : Enumerable.Range(0, samples.Rows).Select(i => samples.Row(i).ToArray()).ToArray();
        var tokens = samples.IsDiscrete ? Enumerable.Range(0, samples.Rows).Select(i => samples.Tokens.AsSpan(i * samples.RowSize, samples.RowSize).ToArray()).ToArray() : null;
        return new JobResult
        {
            Spec = job.Spec,
            Method = job.MethodName,
            SampleShape = samples.RowShape,
            Samples = rows,
            Tokens = tokens,
            Texts = tokens is not null && job.Vocabulary is { } vocabulary ? tokens.Select(t => Decode(t, vocabulary)).ToArray() : null,
            LogWeights = outcome.LogWeights,
            Rewards = outcome.Rewards,
            Groups = outcome.GroupIds,
            Nfe = new NfeReport(outcome.Nfe.Denoiser, outcome.Nfe.Reward, outcome.Nfe.DenoiserPasses, outcome.Nfe.RewardPasses,
                outcome.Nfe.Denoiser - outcome.FinalGenerationDenoiser, outcome.FinalGenerationDenoiser),
            Trace = outcome.Trace.Select(t => new TraceEntry(t.Step, t.T, t.EffectiveSampleSize, t.MeanReward, t.MaxReward, t.Resampled, t.NonFiniteRewards)).ToArray(),
            Summary = Summarise(outcome),
        };
    }

    static ResultSummary Summarise(SteeringResult outcome)
    {
        var rewards = outcome.Rewards;
        var finite = Enumerable.Range(0, rewards.Length).Where(i => double.IsFinite(rewards[i])).ToArray();
        var best = finite.Length == 0 ? -1 : finite.MaxBy(i => rewards[i]);
        // Weighted mean over all groups: each group's weights sum to one, so average the groups.
        var groups = outcome.GroupIds.Distinct().Count();
        var weighted = finite.Length == 0 ? double.NaN : finite.Sum(i => Math.Exp(outcome.LogWeights[i]) * rewards[i]) / groups;
        var ess = Enumerable.Range(0, rewards.Length)
            .GroupBy(i => outcome.GroupIds[i])
            .Sum(g => 1.0 / g.Sum(i => Math.Exp(2 * outcome.LogWeights[i])));
        return new ResultSummary(
            finite.Length == 0 ? double.NaN : finite.Average(i => rewards[i]),
            weighted,
            best < 0 ? double.NaN : rewards[best],
            best,
            ess,
            outcome.Trace.Count(t => t.Resampled));
    }

    /// <summary>A token sequence as text: each token's text in order (the pad token's is empty). Ids outside the vocabulary show as '?'.</summary>
    static string Decode(long[] tokens, IReadOnlyList<string> vocabulary) =>
        string.Concat(tokens.Select(t => t >= 0 && t < vocabulary.Count ? vocabulary[(int)t] : "?"));
}
