using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Methods;

/// <summary>
/// FK correctors against the exact toys of DESIGN section 4. The modes are far apart (3 / 0.4 = 7.5
/// stds), so annealed and product targets are, to well below the Monte Carlo error, again mixtures of
/// Gaussians with the closed-form parameters below. Each group of particles is one replicate.
/// </summary>
public class FeynmanKacCorrectorTests
{
    const int Groups = 20;
    const int PerGroup = 500;
    const int Steps = 500;
    static readonly LinearVpSchedule Schedule = new();

    static readonly double[][] Corners = [[-1.5, -1.5], [-1.5, 1.5], [1.5, -1.5], [1.5, 1.5]];
    static readonly GaussianMixtureDenoiser FourModes = new(new GaussianMixture(Corners, [0.4, 0.4, 0.4, 0.4]), Schedule);

    static SteeringResult Run(IReadOnlyList<FkcTerm> terms, long seed, bool weighted = true, long[]? labels = null) =>
        Steer.Run(FeynmanKacCorrectors.Create(terms, Steps, ParticleLayout.Groups(Groups, PerGroup, labels), weighted: weighted),
            new LinearReward([0, 0]), seed);

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Annealing_narrows_every_mode_to_std_over_sqrt_beta(double beta)
    {
        var target = new GaussianMixture(Corners, Enumerable.Repeat(0.4 / Math.Sqrt(beta), 4).ToArray());
        var corrected = new MixtureStatistics(Run([new FkcTerm(FourModes, beta)], seed: 31), target);
        corrected.AssertMatches(target, $"FKC annealing, beta {beta}");

        // Without the weights, the SDE of beta x score is not the annealed distribution: it is visibly too narrow.
        var uncorrected = new MixtureStatistics(Run([new FkcTerm(FourModes, beta)], seed: 32, weighted: false), target);
        for (int k = 0; k < 4; k++)
            Replicates.AssertDiffers($"uncorrected spread of mode {k}, beta {beta}", uncorrected.Spreads.Select(s => s[k]).ToArray(), target.Stds[k]);
    }

    [Fact]
    public void Product_of_the_upper_and_lower_pairs_has_two_modes_on_the_axis_with_std_0_283()
    {
        var upper = new GaussianMixtureDenoiser(new GaussianMixture([[-1.5, 1.5], [1.5, 1.5]], [0.4, 0.4]), Schedule);
        var lower = new GaussianMixtureDenoiser(new GaussianMixture([[-1.5, -1.5], [1.5, -1.5]], [0.4, 0.4]), Schedule);
        // N(mu_a, s^2) N(mu_b, s^2) is N((mu_a + mu_b)/2, s^2/2) with mass exp(-|mu_a - mu_b|^2 / 4s^2): the
        // vertical pairs meet on the axis; the diagonal pairs weigh exp(-18/0.64) less and vanish.
        var target = new GaussianMixture([[-1.5, 0], [1.5, 0]], [0.4 / Math.Sqrt(2), 0.4 / Math.Sqrt(2)]);
        var result = Run([new FkcTerm(upper, 1), new FkcTerm(lower, 1)], seed: 33);
        new MixtureStatistics(result, target).AssertMatches(target, "FKC product");
        Assert.Equal(2L * Groups * PerGroup * Steps, result.Nfe.Denoiser);
    }

    /// <summary>
    /// Guidance with weight w on a 1-D conditional mixture: the target p_u^(1-w) p_c^w has no closed-form
    /// mixture, so P(x &gt; 0) is integrated numerically (trapezoid on a fine grid, error ~1e-9).
    /// </summary>
    [Fact]
    public void Guidance_matches_the_closed_form_of_the_guided_density()
    {
        const double w = 2;
        var mixture = new GaussianMixture([[-1], [1.5], [1]], [0.5, 0.4, 0.5], [0.3, 0.2, 0.5], classes: [0, 0, 1]);
        var model = new GaussianMixtureDenoiser(mixture, Schedule);
        var conditional = mixture.Conditional(0);
        double Density(GaussianMixture m, double x) =>
            Enumerable.Range(0, m.Components).Sum(k => m.Weights[k] * Math.Exp(-0.5 * Math.Pow((x - m.Means[k][0]) / m.Stds[k], 2)) / m.Stds[k]);
        double Guided(double x) => Math.Pow(Density(mixture, x), 1 - w) * Math.Pow(Density(conditional, x), w);
        var truth = Integrate(Guided, 0, 10) / Integrate(Guided, -10, 10);

        var result = Run([new FkcTerm(model, w, Conditional: true), new FkcTerm(model, 1 - w)], seed: 34, labels: Enumerable.Repeat(0L, Groups).ToArray());
        var positive = GroupProbabilities(result, x => x > 0);
        Replicates.AssertMatches("P(x > 0) under guidance", positive, truth);
        // Plain conditional sampling would give a different answer, so the test sees the guidance.
        Replicates.AssertDiffers("P(x > 0) vs p_c", positive, Integrate(x => Density(conditional, x), 0, 10) / Integrate(x => Density(conditional, x), -10, 10));
    }

    [Fact]
    public void A_label_no_component_has_is_refused_not_answered_with_NaN()
    {
        var model = new GaussianMixtureDenoiser(new GaussianMixture([[-1], [1]], [0.5, 0.5], classes: [0, 1]), Schedule);
        using var x = TorchSharp.torch.zeros(2, 1);
        using var labels = TorchSharp.torch.tensor(new long[] { 0, 5 });
        var error = Assert.Throws<ArgumentException>(() => model.Predict(Orchestrator.Steering.Models.DenoiserInput.At(x, Schedule, 0.5, labels)));
        Assert.Contains("no component has", error.Message);
    }

    static double Integrate(Func<double, double> f, double from, double to, int intervals = 200_000)
    {
        var h = (to - from) / intervals;
        var sum = 0.5 * (f(from) + f(to));
        for (int i = 1; i < intervals; i++) sum += f(from + i * h);
        return sum * h;
    }

    static double[] GroupProbabilities(SteeringResult result, Func<float, bool> predicate)
    {
        var estimates = new double[Groups];
        for (int i = 0; i < result.GroupIds.Length; i++)
            if (predicate(result.Samples.Row(i)[0])) estimates[result.GroupIds[i]] += Math.Exp(result.LogWeights[i]);
        return estimates;
    }
}
