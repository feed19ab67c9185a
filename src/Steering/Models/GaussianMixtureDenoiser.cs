using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// The exact denoiser of a Gaussian mixture under a VP schedule. Given x_t, component k has
/// marginal N(a mu_k, v_k I) with a = sqrt(abar), v_k = abar s_k^2 + 1 - abar, posterior
/// responsibility r_k, and E[x_0 | x_t, k] = mu_k + a s_k^2 / v_k (x_t - a mu_k); the x0-prediction is
/// the responsibility-weighted sum. Computed in float64; returned in the parameterisation asked for.
/// For a conditional mixture, a row with class label c uses only the components of class c, and a row
/// labelled <see cref="DenoiserInput.NoLabel"/> (or no labels at all) the whole mixture.
/// </summary>
public sealed class GaussianMixtureDenoiser : IDenoiser
{
    readonly Tensor means;      // [K, D]
    readonly Tensor variances;  // [K]
    readonly Tensor logWeights; // [K]
    readonly Tensor? classes;   // [K, 1], conditional mixtures only

    public GaussianMixtureDenoiser(GaussianMixture mixture, INoiseSchedule schedule, Parameterisation parameterisation = Parameterisation.X0)
    {
        Mixture = mixture;
        Schedule = schedule;
        Parameterisation = parameterisation;
        SampleShape = [mixture.Dimension];
        means = torch.tensor(mixture.Means.SelectMany(m => m).ToArray(), [mixture.Components, mixture.Dimension], ScalarType.Float64);
        variances = torch.tensor(mixture.Stds.Select(s => s * s).ToArray(), ScalarType.Float64);
        logWeights = torch.tensor(mixture.Weights.Select(w => Math.Log(w)).ToArray(), ScalarType.Float64);
        if (mixture.Classes is { } c) classes = torch.tensor(c).unsqueeze(1);
    }

    public GaussianMixture Mixture { get; }

    public INoiseSchedule Schedule { get; }

    public Parameterisation Parameterisation { get; }

    public long[] SampleShape { get; }

    public Tensor Predict(DenoiserInput input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input.X.to_type(ScalarType.Float64).flatten(1);
        var posterior = Posterior(input);
        var x0 = (posterior.Responsibilities.unsqueeze(1) * posterior.Means).sum(dim: 0).t();   // [N, D]
        var abar = input.AlphaBar.unsqueeze(1);
        var exact = new Prediction(x0, (x - abar.sqrt() * x0) / abar.OneMinus().sqrt());
        var output = exact.As(Parameterisation, input with { X = x }).to_type(input.X.dtype).reshape(input.X.shape);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The exact posterior p(x_0 | x_t), a Gaussian mixture per row: responsibilities r_k [K, N],
    /// means mu_k + a s_k^2 / v_k (x_t - a mu_k) [K, D, N] and variances s_k^2 (1 - abar) / v_k [K, N],
    /// in float64. Rows are the last axis because libtorch reduces over tiny inner axes slowly.
    /// </summary>
    public MixturePosterior Posterior(DenoiserInput input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input.X.to_type(ScalarType.Float64).flatten(1).t();                 // [D, N]
        var abar = input.AlphaBar.unsqueeze(0);                                     // [1, N]
        var a = abar.sqrt();
        var v = (variances.unsqueeze(1) * abar).Plus(abar.OneMinus());              // [K, N]
        var diff = x.unsqueeze(0) - a.unsqueeze(0) * means.unsqueeze(2);            // [K, D, N]
        var logResp = ClassLogWeights(input.Labels) - v.log().Times(0.5 * Mixture.Dimension) - diff.Squared().sum(1).Times(0.5) / v;
        var gain = a * variances.unsqueeze(1) / v;                                  // [K, N]
        var posteriorMeans = means.unsqueeze(2).Plus(gain.unsqueeze(1) * diff);     // [K, D, N]
        var posteriorVariances = variances.unsqueeze(1) * abar.OneMinus() / v;      // [K, N]
        return new MixturePosterior(
            logResp.softmax(0).MoveToOuterDisposeScope(),
            posteriorMeans.MoveToOuterDisposeScope(),
            posteriorVariances.MoveToOuterDisposeScope());
    }

    /// <summary>log w_k per row, [K, 1] or [K, N]: -infinity for components outside a row's class.</summary>
    Tensor ClassLogWeights(Tensor? labels)
    {
        var all = logWeights.unsqueeze(1);
        if (classes is null || labels is null) return all;
        var rowLabels = labels.unsqueeze(0);                                               // [1, N]
        var allowed = classes.eq(rowLabels).logical_or(rowLabels.Is(DenoiserInput.NoLabel)); // [K, N]
        using (var covered = allowed.any(0).all())
            if (!covered.item<bool>())
                throw new ArgumentException($"a row asks for a class no component has (classes: {string.Join(", ", Mixture.Classes!.Distinct().Order())})");
        using var excluded = TensorMath.Filled(1, double.NegativeInfinity, ScalarType.Float64);
        return torch.where(allowed, all, excluded);
    }
}

/// <summary>p(x_0 | x_t) of a Gaussian mixture, rows last: responsibilities [K, N], means [K, D, N], variances [K, N].</summary>
public sealed record MixturePosterior(Tensor Responsibilities, Tensor Means, Tensor Variances) : IDisposable
{
    public void Dispose()
    {
        Responsibilities.Dispose();
        Means.Dispose();
        Variances.Dispose();
    }
}
