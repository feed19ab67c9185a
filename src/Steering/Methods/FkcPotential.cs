using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// The FK-corrector weight of DESIGN section 4, from scores only: per step of size dtau,
/// dlog w = 1/2 beta(t) (|sum_i beta_i s_i|^2 - sum_i beta_i |s_i|^2) dtau, evaluated at the parent.
/// The (sum_i beta_i - 1) div f term is the same for every particle under a VP schedule and drops out
/// on normalisation. Special cases: annealing 1/2 beta(beta - 1) g^2 |s|^2; product g^2 &lt;s_1, s_2&gt;;
/// guidance 1/2 w(w - 1) g^2 |s_c - s_u|^2.
/// </summary>
public sealed class FkcPotential(IReadOnlyList<double> betas, INoiseSchedule schedule) : IPotential
{
    public ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context)
    {
        var scores = proposal.ParentScores ?? throw new InvalidOperationException("FK-corrector weights need the proposal's scores");
        using var scope = torch.NewDisposeScope();
        var flat = scores.Select(s => s.flatten(1).to_type(ScalarType.Float64)).ToArray();
        var combined = flat.Select((s, i) => s.Times(betas[i])).Aggregate(TensorMath.Plus);
        var separate = flat.Select((s, i) => s.Squared().sum(dim: 1).Times(betas[i])).Aggregate(TensorMath.Plus);
        var increments = (combined.Squared().sum(dim: 1) - separate).data<double>().ToArray();

        var scale = 0.5 * schedule.Beta(step.T) * (step.T - step.S);
        var weights = proposal.Children.LogWeights;
        for (int i = 0; i < weights.Length; i++) weights[i] += scale * increments[i];
        return ValueTask.FromResult(PotentialReport.None);
    }
}
