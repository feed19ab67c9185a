using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Samplers;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Proposes with the masked sampler: one denoiser pass over the parents, then
/// <paramref name="childrenPerParent"/> children each, child c of the particle keyed k drawing its uniforms from
/// stream (Transition, step, i, c). Rewards score sequences, not distributions, so the parents'
/// x0-prediction handed to intermediate rewards is <paramref name="x0Samples"/> completed sequences per
/// parent (masked positions drawn from the prediction, sample j from stream (Lookahead, step, i, j)),
/// which potentials combine by log-mean-exp (DESIGN section 4).
/// </summary>
public sealed class MaskedProposal(IMaskedDenoiser denoiser, int childrenPerParent = 1, int x0Samples = 4) : IProposal
{
    public IMaskedDenoiser Denoiser { get; } = denoiser;

    public Proposal Propose(ParticlePopulation parents, StepInfo step, SteeringContext context)
    {
        using var scope = torch.NewDisposeScope();
        double alphaT = Denoiser.Schedule.Alpha(step.T), alphaS = Denoiser.Schedule.Alpha(step.S);
        var input = DenoiserInput.At(parents.State, step.T, alphaT, parents.Labels);
        var cumulative = MaskedSampler.Cumulative(context.Predict(Denoiser, input));
        var unmask = MaskedSampler.UnmaskProbability(alphaT, alphaS);
        var mask = Denoiser.MaskToken();
        var shape = Denoiser.SampleShape;

        var perChild = Enumerable.Range(0, childrenPerParent).Select(c =>
        {
            var uniforms = NoiseTensors.Uniforms(context.Random, StreamPurpose.Transition, step.Index, parents.Keys, [2, .. shape], c);
            return MaskedSampler.Step(parents.State, cumulative, mask, unmask, uniforms);
        }).ToArray();
        var next = childrenPerParent == 1 ? perChild[0] : torch.stack(perChild, 1).flatten(0, 1);
        var x0 = new MaskedLookahead(Denoiser, x0Samples).Complete(parents.State, cumulative, step.Index, 0, context, parents.Keys);

        var children = parents.Gather(Enumerable.Range(0, parents.Count * childrenPerParent).Select(i => i / childrenPerParent).ToArray());
        children.ReplaceState(next.MoveToOuterDisposeScope());
        return new Proposal(children, childrenPerParent, x0.MoveToOuterDisposeScope(), x0Samples);
    }
}
