using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Samplers;

namespace Orchestrator.Steering.Methods;

/// <summary>FK steering's settings: potential, lambda, resampler, when to score and the ESS trigger.</summary>
public sealed record FkOptions(FkPotentialKind Potential, double Lambda, IResampler Resampler, StepSchedule Schedule, double EssThreshold);

/// <summary>
/// FK steering as parts: Gaussian init, the sampler as proposal, the FK potential at scheduled
/// steps, resampling within groups on the ESS trigger, and every particle weighted at the end.
/// Compute: particles x steps denoiser calls, particles x |schedule| reward calls.
/// </summary>
public static class FkSteering
{
    /// <summary>FK steering of <paramref name="denoiser"/> sampled by <paramref name="sampler"/> (which must be stochastic).</summary>
    public static SteeringMethod Create(IDenoiser denoiser, ISampler sampler, int steps, ParticleLayout layout, FkOptions options)
    {
        if (sampler.IsDeterministic)
            throw new ArgumentException("FK steering resamples particles, and copies under a deterministic sampler stay identical; use eta > 0", nameof(sampler));
        return Create(denoiser.SampleShape, new SamplerProposal(denoiser, sampler), steps, layout, options);
    }

    /// <summary>FK steering of a masked (discrete) diffusion model.</summary>
    public static SteeringMethod Create(IMaskedDenoiser denoiser, int steps, ParticleLayout layout, FkOptions options) =>
        Create(new MaskedInitializer(denoiser, layout), new MaskedProposal(denoiser), steps, options);

    /// <summary>FK steering of a continuous model with any proposal kernel.</summary>
    public static SteeringMethod Create(long[] sampleShape, IProposal proposal, int steps, ParticleLayout layout, FkOptions options) =>
        Create(new GaussianInitializer(sampleShape, layout), proposal, steps, options);

    /// <summary>FK steering from any start and with any proposal kernel.</summary>
    public static SteeringMethod Create(IInitializer init, IProposal proposal, int steps, FkOptions options) =>
        new(
            "fk",
            init,
            proposal,
            new FkPotential(options.Potential, options.Lambda, options.Schedule),
            new ResamplingSelection(options.Resampler, options.EssThreshold, options.Schedule),
            new WeightedFinalizer(),
            steps);
}

/// <summary>
/// Best-of-N: the same particles and steps as FK steering, never resampled. The reward is
/// evaluated once, on the final samples, and each particle is weighted by exp(lambda r), so the
/// weighted population is an importance-sampling estimate of the same tilted target.
/// </summary>
public static class BestOfN
{
    public static SteeringMethod Create(IDenoiser denoiser, ISampler sampler, int steps, ParticleLayout layout, double lambda) =>
        Create(denoiser.SampleShape, new SamplerProposal(denoiser, sampler), steps, layout, lambda);

    /// <summary>Best-of-N of a masked (discrete) diffusion model.</summary>
    public static SteeringMethod Create(IMaskedDenoiser denoiser, int steps, ParticleLayout layout, double lambda) =>
        Create(new MaskedInitializer(denoiser, layout), new MaskedProposal(denoiser), steps, lambda);

    /// <summary>Best-of-N of a continuous model with any proposal kernel.</summary>
    public static SteeringMethod Create(long[] sampleShape, IProposal proposal, int steps, ParticleLayout layout, double lambda) =>
        Create(new GaussianInitializer(sampleShape, layout), proposal, steps, lambda);

    /// <summary>Best-of-N from any start and with any proposal kernel.</summary>
    public static SteeringMethod Create(IInitializer init, IProposal proposal, int steps, double lambda) =>
        new(
            "best-of-n",
            init,
            proposal,
            new FkPotential(FkPotentialKind.Immediate, lambda, StepSchedule.LastOnly),
            new NoSelection(),
            new WeightedFinalizer(),
            steps);
}
