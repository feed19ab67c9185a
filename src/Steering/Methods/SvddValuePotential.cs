using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using TorchSharp;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// SVDD-PM's soft value of every child: the reward of the child's own x0-prediction, one more denoiser
/// pass over all children (counted in the NFE). At the last step the child is the sample itself and is
/// scored directly. The value goes to the <see cref="FkPotential.RewardColumn"/> column, where
/// <see cref="SoftmaxSelection"/> reads it; weights are not touched (SVDD chains are unweighted).
/// </summary>
public sealed class SvddValuePotential(IDenoiser denoiser) : IPotential
{
    public async ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context)
    {
        var children = proposal.Children;
        SampleBatch batch;
        if (step.IsLast) batch = SampleBatch.FromTensor(children.State, children.Labels?.data<long>().ToArray());
        else
        {
            using var scope = torch.NewDisposeScope();
            var input = DenoiserInput.At(children.State, denoiser.Schedule, step.S, children.Labels);
            batch = SampleBatch.FromTensor(context.Predict(denoiser, input).X0, children.Labels?.data<long>().ToArray());
        }
        var values = await context.ScoreAsync(batch).ConfigureAwait(false);
        var column = children.Column(FkPotential.RewardColumn, double.NaN);
        Array.Copy(values, column, values.Length);
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
            throw new RewardException($"reward '{context.Reward.Name}' returned no finite score for any of {values.Length} children at step {step.Index}");
        return new PotentialReport(finite.Average(), finite.Max(), values.Length - finite.Length);
    }
}
