using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Samplers;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// SVDD-PM (soft value-based decoding, Li et al. 2024): independent chains; each step draws M children
/// per chain from the pretrained kernel (one denoiser pass), values each by the reward of its
/// x0-prediction (one more pass over the children), and keeps one per chain (argmax at alpha = 0, else
/// softmax(v / alpha)). Compute per step: N (1 + M) denoiser calls (N M at the last step, which scores
/// samples directly) and N M reward calls.
/// </summary>
public static class Svdd
{
    public static SteeringMethod Create(IDenoiser denoiser, ISampler sampler, int steps, ParticleLayout layout, int children, double alpha)
    {
        if (sampler.IsDeterministic)
            throw new ArgumentException("SVDD draws several children from the kernel, which a deterministic sampler makes identical; use eta > 0", nameof(sampler));
        return Create(denoiser, new SamplerProposal(denoiser, sampler, Checked(children)), steps, layout, alpha);
    }

    /// <summary>SVDD-PM with a proposal that already makes the children (e.g. the mixture's exact kernel with M children).</summary>
    public static SteeringMethod Create(IDenoiser denoiser, IProposal proposalWithChildren, int steps, ParticleLayout layout, double alpha) =>
        Create(new GaussianInitializer(denoiser.SampleShape, layout), proposalWithChildren, new ContinuousLookahead(denoiser), steps, alpha);

    /// <summary>SVDD-PM of a masked model: M categorical draws per chain, each valued by a few sampled completions.</summary>
    public static SteeringMethod Create(IMaskedDenoiser denoiser, int steps, ParticleLayout layout, int children, double alpha, int completions = 4) =>
        Create(new MaskedInitializer(denoiser, layout), new MaskedProposal(denoiser, Checked(children), x0Samples: 1), new MaskedLookahead(denoiser, completions), steps, alpha);

    /// <summary>SVDD-MC: children valued by a learned v(x_t, t) (see <see cref="Values.ValueTraining"/>); N (1 step's pass) denoiser calls per step.</summary>
    public static SteeringMethod CreateMc(IDenoiser denoiser, IProposal proposalWithChildren, Values.ValueNetwork value, int steps, ParticleLayout layout, double alpha) =>
        Create("svdd-mc", new GaussianInitializer(denoiser.SampleShape, layout), proposalWithChildren, new SvddValuePotential(value), steps, alpha);

    /// <summary>SVDD-MC of a masked model: M categorical draws per chain, valued by a network trained on masked sequences.</summary>
    public static SteeringMethod CreateMc(IMaskedDenoiser denoiser, Values.ValueNetwork value, int steps, ParticleLayout layout, int children, double alpha) =>
        Create("svdd-mc", new MaskedInitializer(denoiser, layout), new MaskedProposal(denoiser, Checked(children), x0Samples: 1), new SvddValuePotential(value), steps, alpha);

    static SteeringMethod Create(IInitializer init, IProposal proposalWithChildren, IX0Lookahead lookahead, int steps, double alpha) =>
        Create("svdd-pm", init, proposalWithChildren, new SvddValuePotential(lookahead), steps, alpha);

    static SteeringMethod Create(string name, IInitializer init, IProposal proposalWithChildren, SvddValuePotential value, int steps, double alpha) =>
        new(
            name,
            init,
            proposalWithChildren,
            value,
            new SoftmaxSelection(alpha),
            new WeightedFinalizer(),
            steps);

    static int Checked(int children) =>
        children >= 1 ? children : throw new ArgumentOutOfRangeException(nameof(children), children, "SVDD needs at least one child per chain");
}
