using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// The exact reverse kernel of a Gaussian mixture, for any step size: draw x_0 from the exact
/// posterior p(x_0 | x_t) (a component by its responsibility, then its Gaussian), then x_s from
/// the forward posterior q(x_s | x_t, x_0). Since p(x_s | x_t) = E[q(x_s | x_t, x_0) | x_t], the
/// chain has the mixture's true marginals at every step, with none of DDPM's discretisation
/// bias; tests use it to check a method's weights against closed-form targets exactly.
/// Child c of the particle keyed k draws its component from stream (Posterior, step, i, 2c), its x_0 noise
/// from (Posterior, step, i, 2c + 1) and its transition noise from (Transition, step, i, c).
/// </summary>
public sealed class ExactMixtureProposal(GaussianMixtureDenoiser denoiser, int childrenPerParent = 1) : IProposal
{
    public Proposal Propose(ParticlePopulation parents, StepInfo step, SteeringContext context)
    {
        using var scope = torch.NewDisposeScope();
        var schedule = denoiser.Schedule;
        var input = DenoiserInput.At(parents.State, schedule, step.T, parents.Labels);
        var prediction = context.Predict(denoiser, input);
        var posterior = denoiser.Posterior(input);

        double abarT = schedule.AlphaBar(step.T), abarS = schedule.AlphaBar(step.S);
        var alpha = abarT / abarS;
        var c0 = Math.Sqrt(abarS) * (1 - alpha) / (1 - abarT);
        var ct = Math.Sqrt(alpha) * (1 - abarS) / (1 - abarT);
        var transitionStd = Math.Sqrt(Math.Max((1 - abarS) / (1 - abarT) * (1 - alpha), 0));

        var x = parents.State.to_type(ScalarType.Float64);
        var perChild = new Tensor[childrenPerParent];
        for (int c = 0; c < childrenPerParent; c++)
        {
            var x0 = SamplePosterior(posterior, parents.Keys, step, context, c);
            var xs = TensorMath.Combine(c0, x0, ct, x);
            if (transitionStd > 0)
                xs = TensorMath.Combine(1, xs, transitionStd, NoiseTensors.Normal(context.Random, StreamPurpose.Transition, step.Index, parents.Keys, denoiser.SampleShape, c).to_type(ScalarType.Float64));
            perChild[c] = xs;
        }
        var next = (childrenPerParent == 1 ? perChild[0] : torch.stack(perChild, 1).flatten(0, 1)).to_type(parents.State.dtype);
        var children = parents.Gather(Enumerable.Range(0, parents.Count * childrenPerParent).Select(i => i / childrenPerParent).ToArray());
        children.ReplaceState(next.MoveToOuterDisposeScope());
        return new Proposal(children, childrenPerParent, prediction.X0.MoveToOuterDisposeScope());
    }

    Tensor SamplePosterior(MixturePosterior posterior, long[] keys, StepInfo step, SteeringContext context, int child)
    {
        var rows = keys.Length;
        var u = NoiseTensors.Uniform(context.Random, StreamPurpose.Posterior, step.Index, keys, 2 * child);
        var last = posterior.Responsibilities.shape[0] - 1;
        var components = posterior.Responsibilities.cumsum(0).lt(u.unsqueeze(0)).sum(dim: 0).AtMost(last);   // [N]
        var dimension = posterior.Means.shape[1];
        var mean = posterior.Means.gather(0, components.view(1, 1, rows).expand(1, dimension, rows)).squeeze(0).t();
        var std = posterior.Variances.gather(0, components.view(1, rows)).squeeze(0).sqrt().unsqueeze(1);
        var z = NoiseTensors.Normal(context.Random, StreamPurpose.Posterior, step.Index, keys, denoiser.SampleShape, 2 * child + 1).to_type(ScalarType.Float64);
        return mean.Plus(std * z);
    }
}
