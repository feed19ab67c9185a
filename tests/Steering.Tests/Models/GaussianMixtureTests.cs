using Orchestrator.Steering.Models;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Models;

/// <summary>
/// The mixture's own closed forms: the linearly tilted mixture p(x) exp(lambda w.x) against numerical integration,
/// and the nearest-component rule the statistical tests classify samples with.
/// </summary>
public class GaussianMixtureTests
{
    static readonly GaussianMixture OneD = new([[-2.0], [0.5], [3.0]], [0.5, 0.3, 0.8], [0.3, 0.5, 0.2]);

    /// <summary>
    /// Integrates f(y) = N(y; m, s^2) exp(c y) (in logs, shifted by its maximum, so large tilts cannot overflow)
    /// with Simpson's rule on 20,000 intervals over m -/+ (15 s + |c| s^2), which holds the tilted mass
    /// N(m + c s^2, s^2) with 15 stds to spare. Returns log of the integral and the mean of y under f.
    /// Simpson's error on a Gaussian with 20,000 intervals over ~(30 + ...) stds: h = 1.5e-3 s, (width/180) h^4 f''''
    /// ~ 1e-13 relative.
    /// </summary>
    static (double LogIntegral, double Mean) Integrate(double m, double s, double c)
    {
        const int intervals = 20_000;
        double lo = m - 15 * s - Math.Abs(c) * s * s, hi = m + 15 * s + Math.Abs(c) * s * s;
        var h = (hi - lo) / intervals;
        var logF = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++)
        {
            var y = lo + i * h;
            logF[i] = -0.5 * Math.Log(2 * Math.PI * s * s) - 0.5 * (y - m) * (y - m) / (s * s) + c * y;
        }
        var max = logF.Max();
        double mass = 0, first = 0;
        for (int i = 0; i <= intervals; i++)
        {
            var weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            var f = Math.Exp(logF[i] - max);
            mass += weight * f;
            first += weight * f * (lo + i * h);
        }
        return (max + Math.Log(mass * h / 3), first / mass);
    }

    /// <summary>
    /// 1-D: the tilted mixture's normalised mode weights, component means, unchanged stds and overall mean equal
    /// those of p(x) exp(lambda w x) integrated numerically, component by component (mode weight k is
    /// w_k int N_k exp(lambda w x) / sum_j of the same). Tolerance 1e-9, far above Simpson's error. Lambdas include
    /// a negative one and a large one (lambda w = 24: weights exp(72 + ...) must not overflow). Plausible bugs: a
    /// mean shift of lambda s_k w (std instead of variance) or a weight factor without the lambda^2 s^2 |w|^2 / 2
    /// term change the weights by O(1).
    /// </summary>
    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(-0.8, 1.5)]
    [InlineData(12, 2)]
    public void Linear_tilt_in_one_dimension_matches_numerical_integration(double lambda, double w)
    {
        var tilted = OneD.TiltedLinear([w], lambda);
        var logMass = new double[OneD.Components];
        for (int k = 0; k < OneD.Components; k++)
        {
            var (logIntegral, mean) = Integrate(OneD.Means[k][0], OneD.Stds[k], lambda * w);
            logMass[k] = Math.Log(OneD.Weights[k]) + logIntegral;
            Assert.Equal(mean, tilted.Means[k][0], 9);
            Assert.Equal(OneD.Stds[k], tilted.Stds[k]);
        }
        var max = logMass.Max();
        var total = logMass.Sum(l => Math.Exp(l - max));
        var weights = logMass.Select(l => Math.Exp(l - max) / total).ToArray();
        for (int k = 0; k < OneD.Components; k++) Assert.Equal(weights[k], tilted.Weights[k], 9);
        Assert.Equal(1.0, tilted.Weights.Sum(), 12);

        // The overall mean, int x p(x) e^{lambda w x} / int p(x) e^{lambda w x}, from the same integrals.
        var overall = Enumerable.Range(0, OneD.Components).Sum(k => weights[k] * Integrate(OneD.Means[k][0], OneD.Stds[k], lambda * w).Mean);
        Assert.Equal(overall, tilted.Mean()[0], 9);
    }

    /// <summary>
    /// D dimensions, reduced to 1-D integrals: an isotropic component tilted by exp(lambda w.x) changes only along
    /// u = w/|w|, where its projection y = u.x is N(u.mu_k, s_k^2) tilted by exp(lambda |w| y); so mode weight k is
    /// proportional to w_k int N(y; u.mu_k, s_k^2) exp(lambda |w| y) dy (the orthogonal part integrates to 1) and the
    /// component mean moves along u by (tilted mean of y) - u.mu_k, nothing orthogonal to u.
    /// </summary>
    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(false, 4.0)]
    [InlineData(true, 2.5)]
    public void Linear_tilt_in_several_dimensions_matches_integration_along_the_reward(bool eightD, double lambda)
    {
        var mixture = eightD ? Mixtures.EightD : Mixtures.TwoD;
        var w = eightD ? Mixtures.EightDReward : Mixtures.TwoDReward;
        var tilted = mixture.TiltedLinear(w, lambda);
        var norm = Math.Sqrt(w.Sum(x => x * x));
        var u = w.Select(x => x / norm).ToArray();
        var logMass = new double[mixture.Components];
        for (int k = 0; k < mixture.Components; k++)
        {
            var projection = mixture.Means[k].Select((m, d) => m * u[d]).Sum();
            var (logIntegral, mean) = Integrate(projection, mixture.Stds[k], lambda * norm);
            logMass[k] = Math.Log(mixture.Weights[k]) + logIntegral;
            for (int d = 0; d < mixture.Dimension; d++)
                Assert.Equal(mixture.Means[k][d] + (mean - projection) * u[d], tilted.Means[k][d], 9);
        }
        var max = logMass.Max();
        var total = logMass.Sum(l => Math.Exp(l - max));
        for (int k = 0; k < mixture.Components; k++) Assert.Equal(Math.Exp(logMass[k] - max) / total, tilted.Weights[k], 9);
    }

    [Fact]
    public void A_zero_tilt_changes_nothing_and_mismatched_tilts_are_refused()
    {
        var same = Mixtures.TwoD.TiltedLinear(Mixtures.TwoDReward, 0);
        for (int k = 0; k < Mixtures.TwoD.Components; k++)
        {
            Assert.Equal(Mixtures.TwoD.Weights[k], same.Weights[k], 14);
            Assert.Equal(Mixtures.TwoD.Means[k], same.Means[k]);
        }
        Assert.Throws<ArgumentException>(() => Mixtures.TwoD.TiltedLinear([1, 2, 3], 1));
    }

    /// <summary>
    /// NearestComponent is the component of highest posterior probability at t = 0, argmax_k w_k N(x; mu_k, s_k^2 I),
    /// which is not the nearest mean: in 1-D with N(0, 1) and N(10, 3^2) at equal weights, x = -5 belongs to the first
    /// (log densities -12.5 vs -13.6) but x = -10, twice as far from the second mean, to the wide second one
    /// (-50 vs -23.3). At equal widths and weights it is the nearest mean; at a midpoint the heavier weight wins.
    /// </summary>
    [Fact]
    public void Nearest_component_is_the_most_probable_one_not_the_closest_mean()
    {
        var wide = new GaussianMixture([[0.0], [10.0]], [1.0, 3.0]);
        Assert.Equal(0, wide.NearestComponent([-5f]));
        Assert.Equal(1, wide.NearestComponent([-10f]));
        Assert.Equal(1, wide.NearestComponent([9f]));

        var weighted = new GaussianMixture([[-1.0, 0], [1.0, 0]], [0.5, 0.5], [0.3, 0.7]);
        Assert.Equal(1, weighted.NearestComponent([0f, 0f]));
        Assert.Equal(0, weighted.NearestComponent([-0.5f, 3f]));

        foreach (var mixture in new[] { Mixtures.TwoD, Mixtures.EightD })
            for (int k = 0; k < mixture.Components; k++)
                Assert.Equal(k, mixture.NearestComponent(mixture.Means[k].Select(m => (float)m).ToArray()));
    }

    /// <summary>
    /// At random points, NearestComponent agrees with the argmax of the exact denoiser's responsibilities at abar = 1
    /// (no noise: component k is N(mu_k, s_k^2 I) itself), an independent implementation of the same posterior.
    /// Points far from every mode included (spread 4, around the mixture's mean), where a rule that dropped the
    /// -D/2 log s_k^2 term would pick a different component. Ties are avoided: points whose top two
    /// responsibilities are within 1e-9 are skipped.
    /// </summary>
    [Fact]
    public void Nearest_component_agrees_with_the_exact_posterior_at_time_zero()
    {
        foreach (var mixture in new[] { Mixtures.TwoD, Mixtures.EightD, OneD })
        {
            const int n = 2000;
            var dimension = mixture.Dimension;
            var z = new float[n * dimension];
            new RandomStreams(5501).FillNormal(z, StreamPurpose.Search, 2, dimension);
            var center = mixture.Mean();
            var points = Enumerable.Range(0, n * dimension).Select(i => (float)(center[i % dimension] + 4 * z[i])).ToArray();
            using var scope = torch.NewDisposeScope();
            var denoiser = new GaussianMixtureDenoiser(mixture, new LinearVpSchedule());
            var input = DenoiserInput.At(torch.tensor(points, [n, dimension]), 0.0, 1.0);
            var responsibilities = denoiser.Posterior(input).Responsibilities.contiguous().data<double>().ToArray();   // [K, N]
            var disagreements = 0;
            var widerWins = 0;
            for (int i = 0; i < n; i++)
            {
                var r = Enumerable.Range(0, mixture.Components).Select(k => responsibilities[k * n + i]).ToArray();
                var order = Enumerable.Range(0, r.Length).OrderByDescending(k => r[k]).ToArray();
                if (r[order[0]] - r[order[1]] < 1e-9) continue;
                var row = points.AsSpan(i * dimension, dimension).ToArray();
                if (mixture.NearestComponent(row) != order[0]) disagreements++;
                var closest = Enumerable.Range(0, mixture.Components).MinBy(k => Enumerable.Range(0, dimension).Sum(d => Math.Pow(row[d] - mixture.Means[k][d], 2)));
                if (closest != order[0]) widerWins++;
            }
            Assert.Equal(0, disagreements);
            // The test can tell the posterior from the nearest mean: some points are claimed by a farther, wider mode.
            Assert.True(widerWins > 0, "every point's most probable component was also its nearest mean; the check is too easy");
        }
    }

    [Fact]
    public void Construction_normalises_weights_and_refuses_bad_components()
    {
        var m = new GaussianMixture([[1.0], [2.0]], [1.0, 2.0], [2, 6]);
        Assert.Equal([0.25, 0.75], m.Weights);
        Assert.Equal([0.25 * 1 + 0.75 * 2], m.Mean());
        Assert.Throws<ArgumentException>(() => new GaussianMixture([], []));
        Assert.Throws<ArgumentException>(() => new GaussianMixture([[1.0], [2.0, 3.0]], [1, 1]));
        Assert.Throws<ArgumentException>(() => new GaussianMixture([[1.0]], [0.0]));
        Assert.Throws<ArgumentException>(() => new GaussianMixture([[1.0], [2.0]], [1, 1], [-1, 2]));
        Assert.Throws<ArgumentException>(() => new GaussianMixture([[1.0], [2.0]], [1, 1], [0, 0]));
    }
}
