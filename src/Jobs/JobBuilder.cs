using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Schedules;

namespace Orchestrator.Jobs;

/// <summary>Builds engine parts from a job spec: the one place that maps spec names to implementations.</summary>
public static class JobBuilder
{
    /// <summary>Validates <paramref name="spec"/> and builds it; a spec without a seed gets a fresh one, recorded in the result.</summary>
    public static BuiltJob Build(JobSpec spec)
    {
        JobSpecValidator.ThrowIfInvalid(spec);
        var seed = spec.Seed ?? System.Random.Shared.NextInt64();
        spec = spec with { Seed = seed };

        var model = spec.Model!;
        var samplerSpec = spec.Sampler!;
        var methodSpec = spec.Method!;
        var resolved = ModelResolver.Resolve(model);
        if (methodSpec.Label is { } label) ModelResolver.RequireLabel(resolved, label);
        if (resolved.IsMasked) return MaskedJobBuilder.Build(spec, resolved, seed);
        var denoiser = ModelResolver.Continuous(resolved, samplerSpec);
        var steps = samplerSpec.Steps!.Value;
        IProposal Proposal(int children = 1) => samplerSpec.Kind == SpecNames.Exact
            ? new ExactMixtureProposal((GaussianMixtureDenoiser)denoiser, children)
            : new SamplerProposal(denoiser, SamplerOf(samplerSpec), children);
        if (methodSpec.Kind == SpecNames.Fkc) return BuildFkc(spec, denoiser, steps, seed);
        var rewards = new RewardContext(vocabulary: null);
        var reward = RewardBuilder.Build(spec.Reward!, rewards);
        BuiltJob Job(string name, Func<SteeringContext, IProgress<StepRecord>?, Task<SteeringResult>> run) => new(spec, name, run, reward, seed) { Owned = rewards.Owned };

        if (methodSpec.Kind == SpecNames.ZeroOrderSearch)
        {
            int neighbours = methodSpec.Neighbours ?? 4, rounds = methodSpec.Rounds ?? 10;
            var tau = methodSpec.Tau ?? 0.95;
            return Job(methodSpec.Kind, (context, _) => NoiseSearch.ZeroOrderAsync(denoiser, steps, neighbours, tau, rounds, context, methodSpec.Label));
        }
        if (methodSpec.Kind == SpecNames.PathSearch)
        {
            var (start, forward, back) = JobSpecValidator.PathSearchDefaults(methodSpec, steps);
            var options = new NoiseSearch.PathSearchOptions(methodSpec.Particles!.Value, methodSpec.Branches ?? 4, start, forward, back);
            return Job(methodSpec.Kind, (context, _) => NoiseSearch.PathsAsync(denoiser, steps, options, context, methodSpec.Label));
        }
        var layout = LayoutOf(methodSpec);
        var method = methodSpec.Kind switch
        {
            SpecNames.BestOfN => BestOfN.Create(denoiser.SampleShape, Proposal(), steps, layout, methodSpec.Lambda ?? 1.0),
            SpecNames.SvddPm => Svdd.Create(denoiser, Proposal(methodSpec.Children ?? 8), steps, layout, methodSpec.Alpha ?? 0),
            SpecNames.SvddMc => Svdd.CreateMc(denoiser, Proposal(methodSpec.Children ?? 8), LoadValue(methodSpec.ValueModel!, (int)denoiser.SampleShape.Aggregate(1L, (a, b) => a * b)), steps, layout, methodSpec.Alpha ?? 0),
            SpecNames.RandomSearch => NoiseSearch.Random(denoiser, steps, layout, methodSpec.Keep ?? 1),
            _ => FkSteering.Create(denoiser.SampleShape, Proposal(), steps, layout, FkOptionsOf(methodSpec, steps)),
        };
        return Job(method.Name, (context, progress) => SteeringLoop.RunAsync(method, context, progress)) with { Method = method };
    }

    /// <summary>One group of the spec's particles, conditioned on method.label when it gives one.</summary>
    internal static ParticleLayout LayoutOf(MethodSpec method) =>
        method.Label is { } label ? new ParticleLayout([method.Particles!.Value], [label]) : ParticleLayout.Single(method.Particles!.Value);

    /// <summary>The value network a spec names; a missing or mismatched file is a spec error, found before anything runs.</summary>
    internal static Steering.Values.ValueNetwork LoadValue(string path, int dimension, int? vocabulary = null)
    {
        if (!File.Exists(path)) throw new InvalidSpecException([new SpecError("method.valueModel", $"no such file: {Path.GetFullPath(path)}")]);
        var network = new Steering.Values.ValueNetwork(dimension, vocabulary);
        try
        {
            network.load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidSpecException([new SpecError("method.valueModel", $"{path} is not a value network for this {network.Dimension}-dimensional model ({e.Message.Split('\n')[0]})")]);
        }
        network.eval();
        return network;
    }

    /// <summary>The exact denoiser of a (validated) mixture model spec.</summary>
    public static GaussianMixtureDenoiser DenoiserOf(ModelSpec model, INoiseSchedule schedule) =>
        new(new GaussianMixture(model.Means!, model.Stds!, model.Weights, model.Classes), schedule, Parameterisations.ByName(model.Parameterisation ?? "x0"));

    /// <summary>FK correctors: annealing to p^beta, the product with secondModel, or guidance toward method.label.</summary>
    static BuiltJob BuildFkc(JobSpec spec, IDenoiser model, int steps, long seed)
    {
        var method = spec.Method!;
        var particles = method.Particles!.Value;
        IReadOnlyList<FkcTerm> terms;
        var layout = ParticleLayout.Single(particles);
        if (spec.SecondModel is { } second) terms = [new FkcTerm(model, 1), new FkcTerm(ModelResolver.Continuous(ModelResolver.Resolve(second, "secondModel"), spec.Sampler!), 1)];
        else if (method.Guidance is { } w)
        {
            terms = [new FkcTerm(model, w, Conditional: true), new FkcTerm(model, 1 - w)];
            layout = new ParticleLayout([particles], [method.Label!.Value]);
        }
        else terms = [new FkcTerm(model, method.Beta ?? 1)];
        var fkc = FeynmanKacCorrectors.Create(terms, steps, layout, Resamplers.ByName(method.Resampler ?? "systematic"), method.ResampleFrom ?? 0);
        return new BuiltJob(spec, fkc.Name, (context, progress) => SteeringLoop.RunAsync(fkc, context, progress), new NoReward(), seed) { Method = fkc };
    }

    internal static ISampler SamplerOf(SamplerSpec sampler) => sampler.Kind switch
    {
        SpecNames.Ddpm => new DdpmSampler(),
        SpecNames.Ddim => new DdimSampler(sampler.Eta ?? 0),
        _ => throw new ArgumentException($"unknown sampler '{sampler.Kind}'"),
    };

    internal static FkOptions FkOptionsOf(MethodSpec method, int steps)
    {
        var every = method.Every ?? 1;
        var start = method.Window?.Start ?? 0;
        var end = method.Window?.End ?? steps - 1;
        return new FkOptions(
            PotentialOf(method.Potential ?? "difference"),
            method.Lambda!.Value,
            Resamplers.ByName(method.Resampler ?? "systematic"),
            new StepSchedule(every, start, end),
            method.EssThreshold ?? 0.5);
    }

    static FkPotentialKind PotentialOf(string name) => name switch
    {
        "difference" => FkPotentialKind.Difference,
        "max" => FkPotentialKind.Max,
        "sum" => FkPotentialKind.Sum,
        "immediate" => FkPotentialKind.Immediate,
        _ => throw new ArgumentException($"unknown potential '{name}'"),
    };
}
