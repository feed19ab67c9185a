using Orchestrator.Contracts.Specs;

namespace Orchestrator.Contracts.Results;

/// <summary>
/// What a job produced, as result.json holds it: the samples with their normalised
/// log-weights and final rewards, the compute spent, a per-step trace and a summary. The same
/// spec and seed give the same result, byte for byte; timings live in <see cref="JobTimings"/>.
/// </summary>
public sealed record JobResult
{
    /// <summary>The spec that ran, with the seed that was used.</summary>
    public required JobSpec Spec { get; init; }

    /// <summary>The method's name (fk, best-of-n, ...).</summary>
    public required string Method { get; init; }

    /// <summary>Shape of one sample, e.g. [2] or [1, 8, 8].</summary>
    public required long[] SampleShape { get; init; }

    /// <summary>Continuous models: one array of numbers per particle (row-major over <see cref="SampleShape"/>); empty for discrete models.</summary>
    public required float[][] Samples { get; init; }

    /// <summary>Discrete (masked) models: the token ids of each particle.</summary>
    public long[][]? Tokens { get; init; }

    /// <summary>Discrete models with a vocabulary: each particle's tokens as text (pads dropped).</summary>
    public string[]? Texts { get; init; }

    /// <summary>Log-weight of each particle, normalised so the weights of each group sum to one.</summary>
    public required double[] LogWeights { get; init; }

    /// <summary>Final reward of each particle (NaN where the verifier could not score it).</summary>
    public required double[] Rewards { get; init; }

    /// <summary>Group of each particle; resampling never mixes groups.</summary>
    public required int[] Groups { get; init; }

    /// <summary>Compute spent.</summary>
    public required NfeReport Nfe { get; init; }

    /// <summary>One entry per sampler step.</summary>
    public required IReadOnlyList<TraceEntry> Trace { get; init; }

    /// <summary>Headline numbers.</summary>
    public required ResultSummary Summary { get; init; }

    /// <summary>Jobs run on a cluster: where the shards ran and what happened to the job (absent for embedded runs).</summary>
    public ClusterReport? Cluster { get; init; }
}

/// <summary>Where a cluster job's shards ran (the workers they ended on) and its events (shards lost and restored, resumptions).</summary>
public sealed record ClusterReport(Cluster.ShardInfo[] Shards, Cluster.JobEvent[] Events);

/// <summary>
/// Denoiser and reward evaluations, counted per particle row, and the batched passes they took. For
/// searches, Denoiser splits into FinalGeneration (generating the returned samples from their own
/// noises) and Search (everything else); both are absent for other methods.
/// </summary>
public sealed record NfeReport(long Denoiser, long Reward, long DenoiserPasses, long RewardPasses, long? Search = null, long? FinalGeneration = null);

/// <summary>
/// One step of a job: its time t, ESS, rewards (when evaluated), whether it resampled, and bad scores seen. On a
/// cluster, a resampling also says the particle rows and bytes that moved between shards, and the bytes the naive
/// plan (gather every particle, scatter them again) would have moved.
/// </summary>
public sealed record TraceEntry(int Step, double T, double Ess, double? MeanReward, double? MaxReward, bool Resampled, int NonFiniteRewards,
    int? RowsMoved = null, long? BytesMoved = null, long? NaiveBytes = null);

/// <summary>
/// Mean reward over particles, its importance-weighted mean (the estimate of the target's
/// mean reward), the best reward and which particle had it, the final ESS, and how many steps resampled.
/// </summary>
public sealed record ResultSummary(double MeanReward, double WeightedMeanReward, double BestReward, int BestIndex, double FinalEss, int Resamplings);

/// <summary>Where a job's time went (not part of result.json: it differs run to run).</summary>
public sealed record JobTimings(double WallSeconds, double DenoiserSeconds, double RewardSeconds, double ParticleStepsPerSecond);
