using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Values;

/// <summary>
/// Adam (Kingma and Ba 2015) written with <see cref="TensorMath"/>. TorchSharp 0.107's own Adam.step hands
/// libtorch temporary Scalars (learning rate, betas) that a garbage collection can free mid-call; seen here
/// as "Expected false to be true" from c10::Scalar::toFloat in about one test run in ten.
/// </summary>
public sealed class SafeAdam(IReadOnlyList<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : IDisposable
{
    readonly Tensor[] first = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
    readonly Tensor[] second = parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToArray();
    readonly Tensor eps = TensorMath.Filled(1, epsilon, ScalarType.Float32).DetachFromDisposeScope();
    int steps;

    /// <summary>The step size; training may lower it as it goes.</summary>
    public double LearningRate { get; set; } = learningRate;

    public void ZeroGrad()
    {
        foreach (var p in parameters) p.grad?.zero_();
    }

    public void Step()
    {
        steps++;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        double correction1 = 1 - Math.Pow(beta1, steps), correction2 = 1 - Math.Pow(beta2, steps);
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (p.grad is not { } g) continue;
            first[i].copy_(TensorMath.Combine(beta1, first[i], 1 - beta1, g));
            second[i].copy_(TensorMath.Combine(beta2, second[i], 1 - beta2, g.Squared()));
            var denominator = second[i].Times(1 / correction2).sqrt().Plus(eps);
            p.copy_(TensorMath.Combine(1, p, -LearningRate / correction1, first[i] / denominator));
        }
    }

    public void Dispose()
    {
        foreach (var t in first.Concat(second)) t.Dispose();
        eps.Dispose();
    }
}
