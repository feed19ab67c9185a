using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Euler-Maruyama over the reverse VP SDE whose score is the combined sum_i beta_i s_i: in
/// tau = 1 - t, dx = [beta(t)/2 x + beta(t) sum_i beta_i s_i(x, t)] dtau + sqrt(beta(t)) dW. One denoiser
/// pass per term per step; the terms' scores at the parents go to the potential, which weights by them.
/// Child i draws its noise from stream (Transition, step, i).
/// </summary>
public sealed class FkcProposal : IProposal
{
    readonly IReadOnlyList<FkcTerm> terms;
    readonly INoiseSchedule schedule;

    public FkcProposal(IReadOnlyList<FkcTerm> terms)
    {
        if (terms.Count == 0) throw new ArgumentException("FK correctors need at least one model", nameof(terms));
        schedule = terms[0].Model.Schedule;
        if (terms.Any(t => t.Model.Schedule.Name != schedule.Name))
            throw new ArgumentException("every model of an FK-corrector target must share one noise schedule", nameof(terms));
        if (terms.Any(t => !t.Model.SampleShape.SequenceEqual(terms[0].Model.SampleShape)))
            throw new ArgumentException("every model of an FK-corrector target must have the same sample shape", nameof(terms));
        this.terms = terms;
    }

    public Proposal Propose(ParticlePopulation parents, StepInfo step, SteeringContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = parents.State;
        var scores = terms.Select(term =>
        {
            var input = DenoiserInput.At(x, schedule, step.T, term.Conditional ? parents.Labels : null);
            return context.Predict(term.Model, input).Score(input);
        }).ToArray();
        var combined = scores.Select((s, i) => s.Times(terms[i].Beta)).Aggregate((a, b) => a.Plus(b));

        double beta = schedule.Beta(step.T), dtau = step.T - step.S;
        var drift = TensorMath.Combine(0.5 * beta, x, beta, combined);
        var noise = NoiseTensors.Normal(context.Random, StreamPurpose.Transition, step.Index, parents.Keys, terms[0].Model.SampleShape).to_type(x.dtype);
        var next = TensorMath.Combine(1, x.Plus(drift.Times(dtau)), Math.Sqrt(beta * dtau), noise);

        var children = parents.Gather(Enumerable.Range(0, parents.Count).ToArray());
        children.ReplaceState(next.MoveToOuterDisposeScope());
        return new Proposal(children, 1, null, parentScores: scores.Select(s => s.MoveToOuterDisposeScope()).ToArray());
    }
}
