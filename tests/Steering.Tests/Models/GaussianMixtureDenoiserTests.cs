using Orchestrator.Steering.Models;
using Orchestrator.Steering.Random;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Models;

/// <summary>
/// The exact Gaussian-mixture denoiser against the noised mixture's closed form, written out here in plain C#:
/// under x_t = a x0 + s eps (a = sqrt(abar), s = sqrt(1 - abar)) component k becomes N(a mu_k, v_k I) with
/// v_k = abar s_k^2 + 1 - abar, so log p_t(x) = logsumexp_k [log w_k - D/2 log(2 pi v_k) - |x - a mu_k|^2 / (2 v_k)].
/// Its gradient (by finite differences) is the true score; Tweedie's formula turns it into the true x0-prediction.
/// Mixtures: a 1-D one with unequal stds, the tests' 2-D and 8-D ones (unequal stds too, so the -D/2 log v_k term of
/// the responsibilities matters); noise levels from abar = 0.9999 to 0.001; points near every noised mode and between
/// every pair of modes (where responsibilities are mixed and errors in them show most).
/// </summary>
public class GaussianMixtureDenoiserTests
{
    static readonly GaussianMixture OneD = new([[-2.0], [0.5], [3.0]], [0.5, 0.3, 0.8], [0.3, 0.5, 0.2]);

    static readonly double[] AlphaBars = [0.9999, 0.99, 0.9, 0.5, 0.1, 0.001];

    public static TheoryData<string, double> Cases()
    {
        var data = new TheoryData<string, double>();
        foreach (var name in new[] { "1d", "2d", "8d" })
            foreach (var abar in AlphaBars) data.Add(name, abar);
        return data;
    }

    static GaussianMixture Mixture(string name) => name switch
    {
        "1d" => OneD,
        "2d" => Mixtures.TwoD,
        _ => Mixtures.EightD,
    };

    static double V(GaussianMixture m, int k, double abar) => abar * m.Stds[k] * m.Stds[k] + 1 - abar;

    /// <summary>log p_t(x) of the noised mixture.</summary>
    static double LogDensity(GaussianMixture m, double abar, double[] x)
    {
        var a = Math.Sqrt(abar);
        var terms = new double[m.Components];
        for (int k = 0; k < m.Components; k++)
        {
            var v = V(m, k, abar);
            var sq = 0.0;
            for (int d = 0; d < m.Dimension; d++) sq += (x[d] - a * m.Means[k][d]) * (x[d] - a * m.Means[k][d]);
            terms[k] = Math.Log(m.Weights[k]) - 0.5 * m.Dimension * Math.Log(2 * Math.PI * v) - 0.5 * sq / v;
        }
        var max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }

    /// <summary>Central difference step: 1e-5 of the narrowest noised component's std.</summary>
    static double Step(GaussianMixture m, double abar) => 1e-5 * Math.Sqrt(Enumerable.Range(0, m.Components).Min(k => V(m, k, abar)));

    /// <summary>grad log p_t by central differences.</summary>
    static double[] FiniteDifferenceScore(GaussianMixture m, double abar, double[] x)
    {
        var h = Step(m, abar);
        var score = new double[x.Length];
        for (int d = 0; d < x.Length; d++)
        {
            var up = (double[])x.Clone();
            var down = (double[])x.Clone();
            up[d] += h;
            down[d] -= h;
            score[d] = (LogDensity(m, abar, up) - LogDensity(m, abar, down)) / (2 * h);
        }
        return score;
    }

    /// <summary>The closed-form score sum_k r_k (a mu_k - x) / v_k (checked against finite differences below).</summary>
    static double[] AnalyticScore(GaussianMixture m, double abar, double[] x)
    {
        var a = Math.Sqrt(abar);
        var logs = new double[m.Components];
        for (int k = 0; k < m.Components; k++)
        {
            var v = V(m, k, abar);
            var sq = 0.0;
            for (int d = 0; d < m.Dimension; d++) sq += (x[d] - a * m.Means[k][d]) * (x[d] - a * m.Means[k][d]);
            logs[k] = Math.Log(m.Weights[k]) - 0.5 * m.Dimension * Math.Log(v) - 0.5 * sq / v;
        }
        var max = logs.Max();
        var r = logs.Select(l => Math.Exp(l - max)).ToArray();
        var total = r.Sum();
        var score = new double[m.Dimension];
        for (int k = 0; k < m.Components; k++)
            for (int d = 0; d < m.Dimension; d++) score[d] += r[k] / total * (a * m.Means[k][d] - x[d]) / V(m, k, abar);
        return score;
    }

    /// <summary>Points near every noised mode (a mu_k + sqrt(v_k) z, three each) and between every pair of them.</summary>
    static double[][] Points(GaussianMixture m, double abar)
    {
        var a = Math.Sqrt(abar);
        var random = new RandomStreams(5401);
        var points = new List<double[]>();
        var z = new float[m.Dimension];
        var slot = 0;
        for (int k = 0; k < m.Components; k++)
            for (int j = 0; j < 3; j++)
            {
                random.FillNormal(z, StreamPurpose.Search, 1, slot++);
                points.Add(Enumerable.Range(0, m.Dimension).Select(d => a * m.Means[k][d] + Math.Sqrt(V(m, k, abar)) * z[d]).ToArray());
            }
        for (int k = 0; k < m.Components; k++)
            for (int l = k + 1; l < m.Components; l++)
            {
                random.FillNormal(z, StreamPurpose.Search, 1, slot++);
                points.Add(Enumerable.Range(0, m.Dimension).Select(d => a * (m.Means[k][d] + m.Means[l][d]) / 2 + 0.05 * z[d]).ToArray());
            }
        return points.ToArray();
    }

    static Tensor Batch(double[][] points, ScalarType dtype = ScalarType.Float64) =>
        torch.tensor(points.SelectMany(p => p).ToArray(), [points.Length, points[0].Length], ScalarType.Float64).to_type(dtype);

    static double[][] Rows(Tensor t, int dimension)
    {
        var flat = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return Enumerable.Range(0, flat.Length / dimension).Select(i => flat.AsSpan(i * dimension, dimension).ToArray()).ToArray();
    }

    /// <summary>x0 and score of the denoiser in parameterisation <paramref name="kind"/>, read through <see cref="Prediction"/>.</summary>
    static (double[][] X0, double[][] Score) Predict(GaussianMixture m, Parameterisation kind, double abar, double[][] points, ScalarType dtype = ScalarType.Float64)
    {
        using var scope = torch.NewDisposeScope();
        var denoiser = new GaussianMixtureDenoiser(m, new LinearVpSchedule(), kind);
        var input = DenoiserInput.At(Batch(points, dtype), 0.5, abar);
        var output = denoiser.Predict(input);
        Assert.Equal(dtype, output.dtype);
        Assert.Equal(input.X.shape, output.shape);
        var prediction = Prediction.From(kind, output, input);
        return (Rows(prediction.X0, m.Dimension), Rows(prediction.Score(input), m.Dimension));
    }

    /// <summary>
    /// The reference itself: the closed-form score sum_k r_k (a mu_k - x)/v_k equals the finite-difference gradient
    /// of log p_t, so the later tests may use either. Tolerance as in the next test.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_score_is_the_gradient_of_the_reference_log_density(string name, double abar)
    {
        var m = Mixture(name);
        foreach (var x in Points(m, abar))
            AssertClose(FiniteDifferenceScore(m, abar, x), AnalyticScore(m, abar, x), ScoreTolerance, $"{name}, abar {abar}: reference score");
    }

    /// <summary>
    /// The denoiser's score (read through each parameterisation) equals the finite-difference gradient of the
    /// closed-form log p_t. Finite-difference error: h^2/6 |d^3 log p| + eps |log p| / h. The third derivative
    /// is zero within one component and comes only from responsibilities changing, at most ~ (separation / v)^3
    /// with separation a |mu_j - mu_k| &lt;= 6: with h = 1e-5 sqrt(v_min) that is &lt;= 6^3 x 1e-10 / (6 v_min^2) =
    /// 3.6e-9 / v_min^2 &lt;= 1.4e-4 at v_min = 0.005 (the 8-D mixture's 0.1 std at abar = 0.9999 gives v = 0.0011,
    /// whose mode is 12 stds from the next, where responsibilities are 0 or 1 to 1e-30, so its third derivative
    /// vanishes); rounding: 2e-16 x 50 / (1e-5 x 0.033) = 3e-8. Tolerance 2e-5 (1 + |score|) covers these bounds
    /// (the errors seen are ~1e-10: the bounds are worst cases). To also catch small errors (a float32 step inside
    /// the denoiser, ~1e-7), the score is compared with the closed form sum_k r_k (a mu_k - x)/v_k at 1e-9, the
    /// float64 rounding of (a x0 - x)/(1 - abar) being ~1e-15 / 1e-4 = 1e-11 at worst. Bugs are much larger: v_k = s_k^2 + 1 - abar (the data variance not scaled by abar) shifts scores by
    /// O(1) at mid noise, dropping the -D/2 log v_k term mis-weights modes of unequal width by factors
    /// (v_j / v_k)^(D/2), and a denoiser using sqrt(1 - abar) where 1 - abar belongs is off by 1/s.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Score_equals_the_gradient_of_the_noised_mixture_log_density(string name, double abar)
    {
        var m = Mixture(name);
        var points = Points(m, abar);
        var tolerance = ScoreTolerance;
        foreach (var kind in Enum.GetValues<Parameterisation>())
        {
            var (_, score) = Predict(m, kind, abar, points);
            for (int i = 0; i < points.Length; i++)
            {
                AssertClose(FiniteDifferenceScore(m, abar, points[i]), score[i], tolerance, $"{name}, abar {abar}, {kind}, point {i}: score vs finite differences");
                AssertClose(AnalyticScore(m, abar, points[i]), score[i], 1e-9, $"{name}, abar {abar}, {kind}, point {i}: score vs closed form");
            }
        }
    }

    /// <summary>
    /// Tweedie's formula: E[x0 | x_t] = (x + (1 - abar) grad log p_t(x)) / sqrt(abar), with the gradient by finite
    /// differences of the closed form: the raw output of the x0-parameterised denoiser must equal it, to the score's
    /// tolerance scaled by (1 - abar)/a (at most 31.6 at abar = 0.001, where the density is smooth and the
    /// finite-difference error tiny), and to 1e-9 with the closed-form score (float64 rounding, amplified by at
    /// most 1/a = 31.6). A denoiser returning the responsibility-weighted component means (forgetting
    /// the pull of x) misses by ~a s_k^2 / v_k |x - a mu_k|, order 1 at mid noise.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_x0_prediction_is_tweedies_formula(string name, double abar)
    {
        var m = Mixture(name);
        var points = Points(m, abar);
        var a = Math.Sqrt(abar);
        using var scope = torch.NewDisposeScope();
        var denoiser = new GaussianMixtureDenoiser(m, new CosineVpSchedule(), Parameterisation.X0);
        var raw = Rows(denoiser.Predict(DenoiserInput.At(Batch(points), 0.5, abar)), m.Dimension);
        for (int i = 0; i < points.Length; i++)
        {
            var score = FiniteDifferenceScore(m, abar, points[i]);
            var tweedie = points[i].Select((x, d) => (x + (1 - abar) * score[d]) / a).ToArray();
            AssertClose(tweedie, raw[i], ScoreTolerance * (1 - abar) / a + 1e-9, $"{name}, abar {abar}, point {i}: x0 vs finite-difference Tweedie");
            var exact = AnalyticScore(m, abar, points[i]);
            AssertClose(points[i].Select((x, d) => (x + (1 - abar) * exact[d]) / a).ToArray(), raw[i], 1e-9, $"{name}, abar {abar}, point {i}: x0 vs closed-form Tweedie");
        }
    }

    /// <summary>
    /// The x0, epsilon and v denoisers of one mixture describe one model, so after conversion they give the same
    /// x0 (and eps). In float64 the conversions amplify rounding by at most 1/a or 1/s (~32 at the ends of the
    /// range): 1e-9 is ample. In float32 (what samplers hand the denoiser) the output is rounded to 6e-8 relative
    /// before conversion; the epsilon path then multiplies that error by s/a |eps| (at most 31.6 x ~3 at abar =
    /// 0.001) and the v path by 1/a or 1/s; so 1e-4 (1 + |x0|) at abar &gt;= 0.001 holds, while a v conversion with a
    /// wrong sign is off by O(1).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_three_parameterisations_give_the_same_x0(string name, double abar)
    {
        var m = Mixture(name);
        var points = Points(m, abar);
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var tolerance = dtype == ScalarType.Float64 ? 1e-9 : 1e-4;
            var (reference, referenceScore) = Predict(m, Parameterisation.X0, abar, points, dtype);
            foreach (var kind in new[] { Parameterisation.Epsilon, Parameterisation.V })
            {
                var (x0, score) = Predict(m, kind, abar, points, dtype);
                for (int i = 0; i < points.Length; i++)
                {
                    AssertClose(reference[i], x0[i], tolerance, $"{name}, abar {abar}, {dtype}, {kind} vs x0 model, point {i}: x0");
                    if (dtype == ScalarType.Float64) AssertClose(referenceScore[i], score[i], tolerance, $"{name}, abar {abar}, {kind}, point {i}: score");
                }
            }
        }
    }

    /// <summary>
    /// The exact posterior p(x0 | x_t) the exact sampler draws from: responsibilities sum to one, its mean is the
    /// x0-prediction, and its total variance obeys second-order Tweedie,
    ///   tr Cov[x0 | x_t] = (1 - abar)/abar (D + (1 - abar) tr H),  H the Hessian of log p_t,
    /// with tr H by central differences (step 1e-4 sqrt(v_min)) of the closed-form score (itself checked above).
    /// The difference's error is h^2/6 |d^3 score| plus rounding eps |score| / h, seen at most ~1e-8 relative
    /// to (1 - abar)/abar D; tolerance 1e-6 of that. Posterior variances of s_k^2 (1 - abar) without the 1/v_k factor, or of the prior
    /// s_k^2, miss by factors.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_posterior_has_the_prediction_as_mean_and_the_second_order_tweedie_variance(string name, double abar)
    {
        var m = Mixture(name);
        var points = Points(m, abar);
        int n = points.Length, dimension = m.Dimension, components = m.Components;
        using var scope = torch.NewDisposeScope();
        var denoiser = new GaussianMixtureDenoiser(m, new LinearVpSchedule());
        var input = DenoiserInput.At(Batch(points), 0.5, abar);
        var x0 = Rows(denoiser.Predict(input), dimension);
        using var posterior = denoiser.Posterior(input);
        var r = posterior.Responsibilities.contiguous().data<double>().ToArray();    // [K, N]
        var means = posterior.Means.contiguous().data<double>().ToArray();           // [K, D, N]
        var variances = posterior.Variances.contiguous().data<double>().ToArray();   // [K, N]
        var vMin = Enumerable.Range(0, components).Min(k => V(m, k, abar));
        var h = 1e-4 * Math.Sqrt(vMin);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, components).Sum(k => r[k * n + i]), 12);
            var trace = 0.0;
            var mean = new double[dimension];
            for (int k = 0; k < components; k++)
            {
                var w = r[k * n + i];
                Assert.Equal(m.Stds[k] * m.Stds[k] * (1 - abar) / V(m, k, abar), variances[k * n + i], 12);
                trace += w * dimension * variances[k * n + i];
                for (int d = 0; d < dimension; d++)
                {
                    var mkd = means[(k * dimension + d) * n + i];
                    mean[d] += w * mkd;
                    trace += w * mkd * mkd;
                }
            }
            for (int d = 0; d < dimension; d++) trace -= mean[d] * mean[d];
            AssertClose(x0[i], mean, 1e-10, $"{name}, abar {abar}, point {i}: posterior mean");

            var hessianTrace = 0.0;
            for (int d = 0; d < dimension; d++)
            {
                var up = (double[])points[i].Clone();
                var down = (double[])points[i].Clone();
                up[d] += h;
                down[d] -= h;
                hessianTrace += (AnalyticScore(m, abar, up)[d] - AnalyticScore(m, abar, down)[d]) / (2 * h);
            }
            var expected = (1 - abar) / abar * (dimension + (1 - abar) * hessianTrace);
            var scale = (1 - abar) / abar * dimension;
            Assert.True(Math.Abs(trace - expected) <= 1e-6 * scale,
                $"{name}, abar {abar}, point {i}: posterior total variance {trace:R}, second-order Tweedie {expected:R}");
        }
    }

    /// <summary>
    /// A conditional mixture: a row labelled c is denoised by the components of class c only (its x0 equals that
    /// of the mixture <see cref="GaussianMixture.Conditional"/>(c)), and a row labelled NoLabel by all of them.
    /// </summary>
    [Fact]
    public void A_labelled_row_uses_only_its_class_components()
    {
        var m = new GaussianMixture([[-2, 0], [2, 0], [0, 2], [0, -2]], [0.5, 0.4, 0.3, 0.6], [0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
        var points = Points(m, 0.4);
        long[] labels = [.. Enumerable.Range(0, points.Length).Select(i => (long)(i % 3) - 1)];   // -1, 0, 1, -1, ...
        using var scope = torch.NewDisposeScope();
        var denoiser = new GaussianMixtureDenoiser(m, new LinearVpSchedule());
        var conditional = Rows(denoiser.Predict(DenoiserInput.At(Batch(points), 0.5, 0.4, torch.tensor(labels))), 2);
        var byLabel = new Dictionary<long, double[][]>
        {
            [-1] = Rows(denoiser.Predict(DenoiserInput.At(Batch(points), 0.5, 0.4)), 2),
            [0] = Rows(new GaussianMixtureDenoiser(m.Conditional(0), new LinearVpSchedule()).Predict(DenoiserInput.At(Batch(points), 0.5, 0.4)), 2),
            [1] = Rows(new GaussianMixtureDenoiser(m.Conditional(1), new LinearVpSchedule()).Predict(DenoiserInput.At(Batch(points), 0.5, 0.4)), 2),
        };
        for (int i = 0; i < points.Length; i++)
            AssertClose(byLabel[labels[i]][i], conditional[i], 1e-12, $"point {i}, label {labels[i]}");
        // The classes matter at these points: the label-0 and label-1 predictions differ by O(1) somewhere.
        Assert.True(Enumerable.Range(0, points.Length).Max(i => Math.Abs(byLabel[0][i][0] - byLabel[1][i][0]) + Math.Abs(byLabel[0][i][1] - byLabel[1][i][1])) > 1);
    }

    /// <summary>Relative tolerance of a finite-difference score (derived in the score test).</summary>
    const double ScoreTolerance = 2e-5;

    static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int d = 0; d < expected.Length; d++)
            Assert.True(Math.Abs(expected[d] - actual[d]) <= tolerance * (1 + Math.Abs(expected[d])),
                $"{what}[{d}]: expected {expected[d]:R}, got {actual[d]:R} (|difference| {Math.Abs(expected[d] - actual[d]):E2})");
    }
}
