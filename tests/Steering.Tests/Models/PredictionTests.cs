using Orchestrator.Steering.Models;
using Orchestrator.Steering.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Models;

/// <summary>
/// Conversions between what a denoiser outputs (epsilon, x0, v) and the score, on random float64 tensors with a
/// different abar in every row (from 1e-4 to 0.9999) and particles of shape [2, 3], against the definitions
/// x_t = a x0 + s eps, v = a eps - s x0, score = (a x0 - x) / (1 - abar) = -eps / s, with a = sqrt(abar),
/// s = sqrt(1 - abar), computed here in plain C#.
/// </summary>
public class PredictionTests
{
    const int Rows = 40;
    static readonly long[] Shape = [Rows, 2, 3];
    const int RowSize = 6;

    /// <summary>abar of row i, log-spaced in 1 - abar from 0.9999 down to 1e-4 and across.</summary>
    static readonly double[] AlphaBars = Enumerable.Range(0, Rows).Select(i => i % 2 == 0 ? 1 - Math.Pow(10, -4 + 4.0 * i / Rows) : Math.Pow(10, -4 + 4.0 * i / Rows)).ToArray();

    static double[] Normals(int purposeSlot)
    {
        var values = new float[Rows * RowSize];
        new RandomStreams(5301).FillNormal(values, StreamPurpose.Search, 0, purposeSlot);
        return values.Select(v => 2.0 * v).ToArray();
    }

    static readonly double[] X = Normals(1);
    static readonly double[] X0 = Normals(2);

    static double A(int i) => Math.Sqrt(AlphaBars[i / RowSize]);

    static double S(int i) => Math.Sqrt(1 - AlphaBars[i / RowSize]);

    static double[] Eps => X.Select((x, i) => (x - A(i) * X0[i]) / S(i)).ToArray();

    static double[] V => Eps.Select((e, i) => A(i) * e - S(i) * X0[i]).ToArray();

    static double[] Score => X.Select((x, i) => (A(i) * X0[i] - x) / (1 - AlphaBars[i / RowSize])).ToArray();

    static DenoiserInput Input() => new(
        torch.tensor(X, Shape, ScalarType.Float64),
        torch.zeros(Rows, ScalarType.Float32),
        torch.tensor(AlphaBars, ScalarType.Float64),
        null);

    static double[] Read(Tensor t) => t.contiguous().data<double>().ToArray();

    static Tensor Tensor(double[] values) => torch.tensor(values, Shape, ScalarType.Float64);

    static double[] Expected(Parameterisation kind) => kind switch
    {
        Parameterisation.X0 => X0,
        Parameterisation.Epsilon => Eps,
        _ => V,
    };

    public static TheoryData<Parameterisation> Kinds() => new(Enum.GetValues<Parameterisation>());

    /// <summary>
    /// Reading a raw output of each kind gives the x0 and eps of the definitions. Tolerance 1e-9 x (1 + |value|):
    /// the worst conversion divides by a = 0.01 or s = 0.01, amplifying float64 rounding (1e-16 x |x| ~ 1e-15) to
    /// ~1e-13. A sign slip in v (v = s x0 - a eps) or swapped a and s makes errors of order |x0|, i.e. ~1.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reading_an_output_gives_the_x0_and_eps_of_the_definitions(Parameterisation kind)
    {
        using var scope = torch.NewDisposeScope();
        var input = Input();
        var prediction = Prediction.From(kind, Tensor(Expected(kind)), input);
        AssertClose(X0, Read(prediction.X0), $"{kind}: x0");
        AssertClose(Eps, Read(prediction.Eps), $"{kind}: eps");
        Assert.Equal(Shape, prediction.X0.shape);
        Assert.Equal(Shape, prediction.Eps.shape);
    }

    /// <summary>Writing a prediction as each kind gives the definition's output, and reading it back gives the prediction: a round trip through every pair of kinds.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_round_trips_through_every_other(Parameterisation kind)
    {
        using var scope = torch.NewDisposeScope();
        var input = Input();
        var prediction = Prediction.From(kind, Tensor(Expected(kind)), input);
        foreach (var other in Enum.GetValues<Parameterisation>())
        {
            var output = prediction.As(other, input);
            AssertClose(Expected(other), Read(output), $"{kind} as {other}");
            var back = Prediction.From(other, output, input);
            AssertClose(X0, Read(back.X0), $"{kind} -> {other} -> x0");
            AssertClose(Eps, Read(back.Eps), $"{kind} -> {other} -> eps");
        }
    }

    /// <summary>
    /// score = (a x0 - x)/(1 - abar), which also equals -eps/s. With abar = 0.9999 the relative rounding of
    /// (a x0 - x) ~ 1e-16 x |x| / 1e-4 stays far below the tolerance; using 1 - abar where s belongs (or the
    /// reverse) is off by a factor 1/s, up to 100.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Score_is_tweedie_read_backwards_and_equals_minus_eps_over_s(Parameterisation kind)
    {
        using var scope = torch.NewDisposeScope();
        var input = Input();
        var score = Read(Prediction.From(kind, Tensor(Expected(kind)), input).Score(input));
        AssertClose(Score, score, $"{kind}: score");
        AssertClose(Eps.Select((e, i) => -e / S(i)).ToArray(), score, $"{kind}: -eps/s");
    }

    static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * (1 + Math.Abs(expected[i])),
                $"{what}[{i}] (abar {AlphaBars[i / RowSize]}): expected {expected[i]:R}, got {actual[i]:R}");
    }
}
