using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Jobs;

/// <summary>One run of a compute-matched comparison: what it cost and what it found.</summary>
public sealed record ComparisonRow(string Method, long Budget, long Seed, long Nfe, double MeanReward, double BestReward, double Diversity);

/// <summary>One method at one budget over its seeds: the mean of their mean rewards and its standard error.</summary>
public sealed record ComparisonPoint(string Method, long Budget, double MeanReward, double StandardError, int Seeds);

/// <summary>
/// Compute-matched comparison: every applicable method on the spec's model, sampler steps and reward, sized
/// so its denoiser NFE fits each budget, over several seeds. Sizing (T = the spec's steps):
/// best-of-N, FK (each potential) and random search N = budget / T; SVDD-PM with M = 4 children N = budget / (T (1 + M));
/// zero-order search with K = 4 neighbours rounds = (budget / T - 1) / (K + 1) (a round costs at most K + 1 generations);
/// path search with 4 branches and the default levels as many survivors as its planned NFE allows.
/// Stochastic methods use the spec's sampler when it is stochastic, else DDPM; searches use DDIM with eta 0.
/// A method that cannot fit a budget (fewer than one particle or round) is skipped for it.
/// </summary>
public static class Comparison
{
    const int SvddChildren = 4;
    const int Neighbours = 4;

    /// <summary>Every method's spec at <paramref name="budget"/> denoiser calls, by method label (null where it does not fit).</summary>
    public static IEnumerable<(string Label, JobSpec? Spec)> Variants(JobSpec spec, long budget)
    {
        var steps = spec.Sampler!.Steps!.Value;
        var lambda = spec.Method?.Lambda ?? 1.0;
        var stochastic = spec.Sampler is { Kind: SpecNames.Ddim, Eta: null or 0 } ? new SamplerSpec { Kind = SpecNames.Ddpm, Steps = steps, Schedule = spec.Sampler.Schedule } : spec.Sampler;
        var deterministic = new SamplerSpec { Kind = SpecNames.Ddim, Steps = steps, Schedule = spec.Sampler.Schedule, Eta = 0 };
        var fk = spec.Method is { Kind: SpecNames.Fk } m ? m : new MethodSpec { Kind = SpecNames.Fk, Every = Math.Max(1, steps / 10) };
        int? Fits(long n) => n >= 1 ? (int)Math.Min(n, JobSpecValidator.MaxParticles) : null;
        JobSpec? With(SamplerSpec sampler, MethodSpec? method) => method is null ? null : spec with { Sampler = sampler, Method = method };

        var perStep = Fits(budget / steps);
        yield return ("best-of-n", With(stochastic, perStep is { } a ? new MethodSpec { Kind = SpecNames.BestOfN, Particles = a, Lambda = lambda } : null));
        foreach (var potential in SpecNames.Potentials)
            yield return ($"fk-{potential}", With(stochastic, perStep is { } b ? fk with { Particles = b, Lambda = lambda, Potential = potential, Resampler = fk.Resampler ?? "systematic" } : null));
        yield return ("svdd-pm", With(stochastic, Fits(budget / (steps * (1 + SvddChildren))) is { } c ? new MethodSpec { Kind = SpecNames.SvddPm, Particles = c, Children = SvddChildren } : null));
        yield return ("random-search", With(deterministic, perStep is { } d ? new MethodSpec { Kind = SpecNames.RandomSearch, Particles = d } : null));
        var rounds = (budget / steps - 1) / (Neighbours + 1);
        var paths = new MethodSpec { Kind = SpecNames.PathSearch, Branches = 4 };
        var (start, forward, back) = JobSpecValidator.PathSearchDefaults(paths, steps);
        var perSurvivor = new Steering.Methods.NoiseSearch.PathSearchOptions(1, 4, start, forward, back).PlannedNfe(steps);
        yield return ("path-search", With(deterministic, steps >= 2 && Fits(budget / perSurvivor) is { } e ? paths with { Particles = e } : null));
        yield return ("zero-order-search", With(deterministic, rounds >= 1 ? new MethodSpec { Kind = SpecNames.ZeroOrderSearch, Neighbours = Neighbours, Rounds = (int)Math.Min(rounds, 100_000) } : null));
    }

    /// <summary>Runs every variant at every budget for seeds spec.Seed (default 1), +1, ...; reports each finished run.</summary>
    public static async Task<List<ComparisonRow>> RunAsync(JobSpec spec, IReadOnlyList<long> budgets, int seeds, Action<ComparisonRow>? finished = null, CancellationToken cancellationToken = default)
    {
        JobSpecValidator.ThrowIfInvalid(spec);
        var rows = new List<ComparisonRow>();
        var firstSeed = spec.Seed ?? 1;
        foreach (var budget in budgets)
            foreach (var (label, variant) in Variants(spec, budget))
            {
                if (variant is null) continue;
                for (long seed = firstSeed; seed < firstSeed + seeds; seed++)
                {
                    var (result, _) = await EmbeddedRunner.RunAsync(variant with { Seed = seed }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    var row = new ComparisonRow(label, budget, seed, result.Nfe.Denoiser, result.Summary.WeightedMeanReward, result.Summary.BestReward, Diversity(result));
                    rows.Add(row);
                    finished?.Invoke(row);
                }
            }
        return rows;
    }

    /// <summary>Each method's mean reward over seeds at each budget (methods in the order they first appear, budgets ascending).</summary>
    public static IReadOnlyList<ComparisonPoint> Points(IReadOnlyList<ComparisonRow> rows) =>
        [.. rows.GroupBy(r => r.Method).SelectMany(method => method.GroupBy(r => r.Budget).OrderBy(g => g.Key).Select(g =>
        {
            var values = g.Select(r => r.MeanReward).ToArray();
            var mean = values.Average();
            var error = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
            return new ComparisonPoint(method.Key, g.Key, mean, error, values.Length);
        }))];

    /// <summary>sqrt of the weighted mean squared distance of the samples from their weighted mean (0 for one sample).</summary>
    public static double Diversity(JobResult result)
    {
        var weights = result.LogWeights.Select(Math.Exp).ToArray();
        var total = weights.Sum();
        var dimension = result.Samples[0].Length;
        var mean = new double[dimension];
        for (int i = 0; i < weights.Length; i++)
            for (int d = 0; d < dimension; d++) mean[d] += weights[i] / total * result.Samples[i][d];
        var spread = 0.0;
        for (int i = 0; i < weights.Length; i++)
            for (int d = 0; d < dimension; d++) spread += weights[i] / total * Math.Pow(result.Samples[i][d] - mean[d], 2);
        return Math.Sqrt(spread);
    }
}
