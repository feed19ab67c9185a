using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// SVDD-PM's soft value of every child: the reward of the child's own x0-prediction, one more denoiser
/// pass over all children (counted in the NFE); for masked models the log-mean-exp of the rewards of a
/// few sampled completions (lookahead stream 1, apart from the proposal's). At the last step the child
/// is the sample itself and is scored directly. The value goes to the <see cref="FkPotential.RewardColumn"/> column, where
/// <see cref="SoftmaxSelection"/> reads it; weights are not touched (SVDD chains are unweighted).
/// </summary>
public sealed class SvddValuePotential(IX0Lookahead lookahead) : IPotential
{
    public async ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context)
    {
        var children = proposal.Children;
        var labels = children.Labels?.data<long>().ToArray();
        double[] values;
        if (step.IsLast) values = await context.ScoreAsync(SampleBatch.FromTensor(children.State, labels)).ConfigureAwait(false);
        else
        {
            var (x0, perChild) = lookahead.Predict(children.State, children.Labels, step.S, step.Index, 1, context);
            using (x0)
            {
                var repeated = labels is null || perChild == 1 ? labels : labels.SelectMany(l => Enumerable.Repeat(l, perChild)).ToArray();
                var rewards = await context.ScoreAsync(SampleBatch.FromTensor(x0, repeated)).ConfigureAwait(false);
                values = SoftValues.LogMeanExp(rewards, perChild, 1);
            }
        }
        var column = children.Column(FkPotential.RewardColumn, double.NaN);
        Array.Copy(values, column, values.Length);
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
            throw new RewardException($"reward '{context.Reward.Name}' returned no finite score for any of {values.Length} children at step {step.Index}");
        return new PotentialReport(finite.Average(), finite.Max(), values.Length - finite.Length);
    }
}
