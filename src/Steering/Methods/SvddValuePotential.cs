using Orchestrator.Steering.Population;
using Orchestrator.Steering.Tensors;
using Orchestrator.Steering.Values;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// SVDD-PM's soft value of every child: the reward of the child's own x0-prediction, one more denoiser
/// pass over all children (counted in the NFE); for masked models the log-mean-exp of the rewards of a
/// few sampled completions (lookahead stream 1, apart from the proposal's). At the last step the child
/// is the sample itself and is scored directly. SVDD-MC uses a learned value network instead of the lookahead. The value goes to the <see cref="FkPotential.RewardColumn"/> column, where
/// <see cref="SoftmaxSelection"/> reads it; weights are not touched (SVDD chains are unweighted).
/// </summary>
public sealed class SvddValuePotential : IPotential
{
    readonly IX0Lookahead? lookahead;
    readonly ValueNetwork? network;

    /// <summary>SVDD-PM: values from the reward of each child's x0-prediction.</summary>
    public SvddValuePotential(IX0Lookahead lookahead) => this.lookahead = lookahead;

    /// <summary>SVDD-MC: values from a learned v(x_t, t); no reward calls before the last step.</summary>
    public SvddValuePotential(ValueNetwork network) => this.network = network;

    public async ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context)
    {
        var children = proposal.Children;
        var labels = children.Labels?.data<long>().ToArray();
        double[] values;
        if (step.IsLast) values = await context.ScoreAsync(SampleBatch.FromTensor(children.State, labels)).ConfigureAwait(false);
        else if (network is not null)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var t = TensorMath.Filled(children.Count, step.S, ScalarType.Float32);
            values = network.forward(children.State, t).to_type(ScalarType.Float64).data<double>().ToArray();
        }
        else
        {
            var (x0, perChild) = lookahead!.Predict(children.State, children.Labels, step.S, step.Index, 1, context);
            using (x0) values = await SoftValues.ScoreAsync(context, x0, labels, perChild, 1).ConfigureAwait(false);
        }
        var column = children.Column(FkPotential.RewardColumn, double.NaN);
        Array.Copy(values, column, values.Length);
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
            throw new RewardException($"reward '{context.Reward.Name}' returned no finite score for any of {values.Length} children at step {step.Index}");
        return new PotentialReport(finite.Average(), finite.Max(), values.Length - finite.Length);
    }
}
