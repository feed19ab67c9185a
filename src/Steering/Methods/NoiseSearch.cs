using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Search over the starting noise of a deterministic sampler (DDIM, eta = 0), where a noise determines
/// its sample: random search is one batched generation of N noises keeping the best k; zero-order search
/// repeats generations of K neighbours of a pivot on the sphere. Every generation is the one sampling loop
/// with a fixed set of noises as its init; the reward is evaluated once per generated sample.
/// </summary>
public static class NoiseSearch
{
    /// <summary>Random search: N noises per group (the layout), generate all, keep the best <paramref name="keep"/> of each group.</summary>
    public static SteeringMethod Random(IDenoiser denoiser, int steps, ParticleLayout layout, int keep) =>
        new(
            "random-search",
            new GaussianInitializer(denoiser.SampleShape, layout),
            new SamplerProposal(denoiser, new DdimSampler(0)),
            new FkPotential(FkPotentialKind.Immediate, 0, StepSchedule.LastOnly),
            new NoSelection(),
            new TopFinalizer(keep),
            steps);

    /// <summary>
    /// Zero-order search: from a random pivot n, generate K neighbours y = |n| (tau u + sqrt(1 - tau^2) w)
    /// (u = n / |n|, w a random unit vector orthogonal to u); move to the best neighbour if it beats the
    /// pivot, else restart from a fresh random pivot. Runs <paramref name="rounds"/> rounds of K generations
    /// (plus one for the first pivot and one per restart) and answers with the best sample seen; the trace
    /// holds one line per round (its candidates' mean and best reward; "resampled" = the pivot moved).
    /// </summary>
    public static async Task<SteeringResult> ZeroOrderAsync(IDenoiser denoiser, int steps, int neighbours, double tau, int rounds, SteeringContext context, long? label = null)
    {
        if (!(tau > -1 && tau < 1)) throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau is a cosine strictly between -1 and 1");
        var shape = denoiser.SampleShape;
        var size = (int)shape.Aggregate(1L, (a, b) => a * b);
        var pivot = FreshNoise(context.Random, 0, size);
        var first = await GenerateAsync(denoiser, steps, [pivot], shape, label, context);
        var pivotReward = first.Rewards[0];
        var (bestSample, bestReward) = (first.Samples[0], pivotReward);
        var trace = new List<StepRecord>(rounds);
        for (int round = 1; round <= rounds; round++)
        {
            var candidates = Enumerable.Range(0, neighbours).Select(k => Neighbour(pivot, tau, context.Random, round, k)).ToArray();
            var generated = await GenerateAsync(denoiser, steps, candidates, shape, label, context);
            var top = Enumerable.Range(0, neighbours).MaxBy(k => Finite(generated.Rewards[k]));
            var moved = Finite(generated.Rewards[top]) > Finite(pivotReward);
            if (Finite(generated.Rewards[top]) > Finite(bestReward)) (bestSample, bestReward) = (generated.Samples[top], generated.Rewards[top]);
            if (moved) (pivot, pivotReward) = (candidates[top], generated.Rewards[top]);
            else
            {
                pivot = FreshNoise(context.Random, round, size);
                var restart = await GenerateAsync(denoiser, steps, [pivot], shape, label, context);
                pivotReward = restart.Rewards[0];
                if (Finite(pivotReward) > Finite(bestReward)) (bestSample, bestReward) = (restart.Samples[0], pivotReward);
            }
            var finite = generated.Rewards.Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToArray();
            trace.Add(new StepRecord(round - 1, 0, 1, finite.Average(), bestReward, moved, generated.Rewards.Count(r => !double.IsFinite(r))));
        }
        var nfe = context.Nfe.Snapshot();
        return new SteeringResult(SampleBatch.Continuous(1, shape, bestSample, Labels(label, 1)), [0.0], [bestReward], [0], [0], nfe, trace, context.Nfe.DenoiserTime, context.Nfe.RewardTime, FinalGenerationDenoiser: steps);
    }

    static double Finite(double reward) => double.IsFinite(reward) ? reward : double.NegativeInfinity;

    /// <summary>The settings of search over paths, in steps of the sampler's grid of T steps (t_k = 1 - k / T).</summary>
    /// <param name="Survivors">N: paths kept after every round.</param>
    /// <param name="Branches">M: forward-noised copies of each survivor per round.</param>
    /// <param name="Start">Steps denoised before the first round (the level sigma of the paper).</param>
    /// <param name="Forward">Steps each copy is noised back toward t = 1 (df).</param>
    /// <param name="Back">Steps each copy is then denoised (db &gt; df, so every round advances db - df).</param>
    public sealed record PathSearchOptions(int Survivors, int Branches, int Start, int Forward, int Back)
    {
        /// <summary>The denoiser calls a search of T steps makes: the start, then per round M N (db + 1 lookahead), no lookahead in the last round.</summary>
        public long PlannedNfe(int steps)
        {
            long nfe = (long)Survivors * Start;
            for (int level = Start; level < steps;)
            {
                var next = Math.Min(steps, level - Forward + Back);
                var back = next - (level - Forward);
                nfe += (long)Survivors * Branches * (back + (next < steps ? 1 : 0));
                level = next;
            }
            return nfe;
        }
    }

    /// <summary>
    /// Search over paths (Ma et al. 2025): denoise N noises to step Start; then, each round, noise every
    /// survivor forward by Forward steps in M independent ways (the VP forward kernel, stream (Search, round,
    /// survivor, branch)), denoise the copies back by Back steps, and keep the N whose x0-predictions score
    /// best; when a round reaches t = 0, the survivors are samples and the best one is the answer (random search
    /// over them). Every partial denoising is the one sampling loop on a part of the time grid.
    /// </summary>
    public static async Task<SteeringResult> PathsAsync(IDenoiser denoiser, int steps, PathSearchOptions options, SteeringContext context, long? label = null)
    {
        if (options.Survivors < 1 || options.Branches < 1 || options.Start < 1 || options.Start >= steps || options.Forward < 1 || options.Back <= options.Forward || options.Forward > options.Start)
            throw new ArgumentException($"search over paths needs survivors, branches >= 1, 1 <= start < steps, 1 <= forward <= start and back > forward; got {options}", nameof(options));
        var schedule = denoiser.Schedule;
        var shape = denoiser.SampleShape;
        double TimeAt(int k) => 1.0 - (double)k / steps;
        var noises = Enumerable.Range(0, options.Survivors).Select(i =>
        {
            var noise = new float[(int)shape.Aggregate(1L, (a, b) => a * b)];
            context.Random.FillNormal(noise, StreamPurpose.Init, 0, i);
            return noise;
        }).ToArray();
        var survivors = await DenoiseAsync(denoiser, noises, shape, label, TimeAt(0), TimeAt(options.Start), options.Start, context);
        var trace = new List<StepRecord>();
        double[] rewards = [];
        long ownPath = options.Start;   // denoiser steps on the returned sample's own path
        for (int level = options.Start, round = 1; level < steps; round++)
        {
            var up = level - options.Forward;
            var next = Math.Min(steps, up + options.Back);
            var ratio = schedule.AlphaBar(TimeAt(up)) / schedule.AlphaBar(TimeAt(level));
            var copies = survivors.SelectMany((x, i) => Enumerable.Range(0, options.Branches).Select(b =>
            {
                var z = new float[x.Length];
                context.Random.FillNormal(z, StreamPurpose.Search, round, i, b);
                return x.Select((v, d) => (float)(Math.Sqrt(ratio) * v + Math.Sqrt(1 - ratio) * z[d])).ToArray();
            })).ToArray();
            var denoised = await DenoiseAsync(denoiser, copies, shape, label, TimeAt(up), TimeAt(next), next - up, context);
            rewards = next < steps ? await LookaheadRewardsAsync(denoiser, denoised, shape, label, TimeAt(next), context) : await ScoreRowsAsync(denoised, shape, label, context);
            var kept = Enumerable.Range(0, denoised.Length).OrderByDescending(i => double.IsFinite(rewards[i]) ? rewards[i] : double.NegativeInfinity).ThenBy(i => i)
                .Take(next < steps ? options.Survivors : 1).ToArray();
            survivors = kept.Select(i => denoised[i]).ToArray();
            var finite = rewards.Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToArray();
            trace.Add(new StepRecord(round - 1, TimeAt(next), survivors.Length, finite.Average(), finite.Max(), true, rewards.Count(r => !double.IsFinite(r))));
            rewards = kept.Select(i => rewards[i]).ToArray();
            ownPath += next - up;
            level = next;
        }
        return new SteeringResult(SampleBatch.Continuous(1, shape, survivors[0], Labels(label, 1)), [0.0], [rewards[0]], [0], [0], context.Nfe.Snapshot(), trace, context.Nfe.DenoiserTime, context.Nfe.RewardTime, ownPath);
    }

    /// <summary>Runs the deterministic sampler from time <paramref name="from"/> to <paramref name="to"/> on given states.</summary>
    static async Task<float[][]> DenoiseAsync(IDenoiser denoiser, float[][] states, long[] shape, long? label, double from, double to, int steps, SteeringContext context)
    {
        var method = new SteeringMethod("denoise", new FixedNoiseInitializer(states, shape, label), new SamplerProposal(denoiser, new DdimSampler(0)),
            new NoPotential(), new NoSelection(), new WeightedFinalizer(), steps, new TimeGrid(from, to, steps));
        var result = await SteeringLoop.RunAsync(method, context).ConfigureAwait(false);
        return Enumerable.Range(0, result.Samples.Rows).Select(i => result.Samples.Row(i).ToArray()).ToArray();
    }

    static async Task<double[]> LookaheadRewardsAsync(IDenoiser denoiser, float[][] states, long[] shape, long? label, double t, SteeringContext context)
    {
        using var x = torch.tensor(states.SelectMany(s => s).ToArray(), [states.Length, .. shape]);
        var labels = Labels(label, states.Length);
        using var labelTensor = labels is null ? null : torch.tensor(labels);
        var (x0, _) = new ContinuousLookahead(denoiser).Predict(x, labelTensor, t, 0, 0, context);
        using (x0) return await context.ScoreAsync(SampleBatch.FromTensor(x0, labels)).ConfigureAwait(false);
    }

    static async Task<double[]> ScoreRowsAsync(float[][] rows, long[] shape, long? label, SteeringContext context) =>
        await context.ScoreAsync(SampleBatch.Continuous(rows.Length, shape, rows.SelectMany(r => r).ToArray(), Labels(label, rows.Length))).ConfigureAwait(false);

    /// <summary>The class of each of <paramref name="rows"/> samples, or null for an unconditional search.</summary>
    static long[]? Labels(long? label, int rows) => label is { } l ? Enumerable.Repeat(l, rows).ToArray() : null;

    /// <summary>Generates one sample per noise (rows of one batch) and scores it.</summary>
    static async Task<(float[][] Samples, double[] Rewards)> GenerateAsync(IDenoiser denoiser, int steps, float[][] noises, long[] shape, long? label, SteeringContext context)
    {
        var method = new SteeringMethod(
            "generate",
            new FixedNoiseInitializer(noises, shape, label),
            new SamplerProposal(denoiser, new DdimSampler(0)),
            new FkPotential(FkPotentialKind.Immediate, 0, StepSchedule.LastOnly),
            new NoSelection(),
            new WeightedFinalizer(),
            steps);
        var result = await SteeringLoop.RunAsync(method, context).ConfigureAwait(false);
        return (Enumerable.Range(0, result.Samples.Rows).Select(i => result.Samples.Row(i).ToArray()).ToArray(), result.Rewards);
    }

    static float[] FreshNoise(RandomStreams random, int round, int size)
    {
        var noise = new float[size];
        random.FillNormal(noise, StreamPurpose.Search, round, 0, child: 0);
        return noise;
    }

    /// <summary>|n| (tau u + sqrt(1 - tau^2) w): the point at angle acos(tau) from n on the sphere of radius |n|.</summary>
    static float[] Neighbour(float[] pivot, double tau, RandomStreams random, int round, int k)
    {
        var norm = Math.Sqrt(pivot.Sum(v => (double)v * v));
        var direction = new float[pivot.Length];
        random.FillNormal(direction, StreamPurpose.Search, round, 1 + k);
        // Project out the pivot's direction, then normalise: a uniform unit vector orthogonal to u.
        var along = direction.Zip(pivot, (d, p) => (double)d * p).Sum() / (norm * norm);
        var w = direction.Select((d, i) => d - along * pivot[i]).ToArray();
        var wNorm = Math.Sqrt(w.Sum(v => v * v));
        var sine = Math.Sqrt(1 - tau * tau);
        return pivot.Select((p, i) => (float)(tau * p + norm * sine * w[i] / wNorm)).ToArray();
    }
}

/// <summary>Starts from given noises, one particle each, in one group, all asking for class <paramref name="label"/> when one is given.</summary>
public sealed class FixedNoiseInitializer(float[][] noises, long[] sampleShape, long? label = null) : IInitializer
{
    public ParticlePopulation Initialise(SteeringContext context) =>
        new(torch.tensor(noises.SelectMany(n => n).ToArray(), [noises.Length, .. sampleShape]), new int[noises.Length],
            label is { } l ? TensorMath.Filled([noises.Length], l, torch.ScalarType.Int64) : null);
}
