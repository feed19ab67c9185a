using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Tensors;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Proposes with a continuous sampler: one denoiser pass over the parents, then
/// <paramref name="childrenPerParent"/> children each from the sampler's Gaussian kernel,
/// child c of slot i drawing its noise from stream (Transition, step, i, c).
/// </summary>
public sealed class SamplerProposal(IDenoiser denoiser, ISampler sampler, int childrenPerParent = 1) : IProposal
{
    public IDenoiser Denoiser { get; } = denoiser;

    public ISampler Sampler { get; } = sampler;

    public Proposal Propose(ParticlePopulation parents, StepInfo step, SteeringContext context)
    {
        using var scope = torch.NewDisposeScope();
        var input = DenoiserInput.At(parents.State, Denoiser.Schedule, step.T, parents.Labels);
        var prediction = context.Predict(Denoiser, input);
        var transition = Sampler.Transition(parents.State, prediction, step.T, step.S, Denoiser.Schedule);

        var rows = Enumerable.Range(0, parents.Count * childrenPerParent).Select(c => c / childrenPerParent).ToArray();
        var children = parents.Gather(rows);
        var next = childrenPerParent == 1 ? transition.Mean : transition.Mean.repeat_interleave(childrenPerParent, 0);
        if (transition.Std > 0)
        {
            var noise = childrenPerParent == 1
                ? NoiseTensors.Normal(context.Random, StreamPurpose.Transition, step.Index, parents.Keys, Denoiser.SampleShape)
                : ChildNoise(parents, step, context);
            next = TensorMath.Combine(1, next, transition.Std, noise);
        }
        children.ReplaceState(next.MoveToOuterDisposeScope());
        return new Proposal(children, childrenPerParent, prediction.X0.MoveToOuterDisposeScope());
    }

    /// <summary>Noise for M children per parent, parent-major: row i*M + c from stream (key of parent i, child c).</summary>
    TorchSharp.torch.Tensor ChildNoise(ParticlePopulation parents, StepInfo step, SteeringContext context)
    {
        var perChild = Enumerable.Range(0, childrenPerParent)
            .Select(c => NoiseTensors.Normal(context.Random, StreamPurpose.Transition, step.Index, parents.Keys, Denoiser.SampleShape, c))
            .ToArray();
        return torch.stack(perChild, 1).flatten(0, 1);
    }
}
