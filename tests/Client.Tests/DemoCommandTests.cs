using System.Globalization;
using System.Text.RegularExpressions;
using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer demo`: runs, and prints the per-mode table against the closed-form target.</summary>
public class DemoCommandTests
{
    // The demo's mixture, reward and lambda (DemoCommand.cs), for the closed-form tilted weights.
    static readonly double[][] Means = [[-2, -1], [2, -1], [0, 2]];
    static readonly double[] Stds = [0.4, 0.5, 0.3];
    static readonly double[] Weights = [0.5, 0.3, 0.2];
    static readonly double[] W = [1, 0.5];
    const double Lambda = 1.0;

    /// <summary>p(x) exp(lambda w.x) is again a mixture: weight_k * exp(lambda w.mu_k + lambda^2 s_k^2 |w|^2 / 2), normalised.</summary>
    static double[] TiltedWeights()
    {
        var norm2 = W.Sum(x => x * x);
        var log = Enumerable.Range(0, 3).Select(k =>
            Math.Log(Weights[k]) + Lambda * (W[0] * Means[k][0] + W[1] * Means[k][1]) + 0.5 * Lambda * Lambda * Stds[k] * Stds[k] * norm2).ToArray();
        var total = log.Sum(Math.Exp);
        return log.Select(l => Math.Exp(l) / total).ToArray();
    }

    [Fact]
    public async Task Demo_With256Particles_Exits0_AndPrintsTheModeTable()
    {
        using var dir = new TempDirectory();

        var outcome = await Steer.RunAsync(dir.Path, "demo", "--particles", "256");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("256 particles", outcome.Stdout);
        Assert.Contains("share of samples per mode", outcome.Stdout);

        var rows = Regex.Matches(outcome.Stdout, @"mode at \(([+-]\d+), ([+-]\d+)\)\s+([\d.]+)\s?%\s+([\d.]+)\s?%\s+([\d.]+)\s?%");
        Assert.True(rows.Count == 3, $"expected 3 mode rows, found {rows.Count}:{Environment.NewLine}{outcome.Stdout}");
        var target = TiltedWeights();
        for (int k = 0; k < 3; k++)
        {
            var row = rows[k].Groups;
            Assert.Equal(Means[k][0], double.Parse(row[1].Value, CultureInfo.InvariantCulture));
            Assert.Equal(Means[k][1], double.Parse(row[2].Value, CultureInfo.InvariantCulture));
            var unsteered = Percent(row[3]);
            var fk = Percent(row[4]);
            var closedForm = Percent(row[5]);
            Assert.True(Math.Abs(closedForm - target[k]) <= 0.0006, $"mode {k}: printed target {closedForm:P1}, closed form {target[k]:P2}");
            // Loose bounds (256 particles): they catch a column that is not what it says, not Monte Carlo error.
            Assert.True(Math.Abs(unsteered - Weights[k]) <= 0.15, $"mode {k}: unsteered share {unsteered:P1}, model weight {Weights[k]:P1}");
            Assert.True(Math.Abs(fk - target[k]) <= 0.15, $"mode {k}: FK share {fk:P1}, target {target[k]:P1}");
        }
        Assert.InRange(rows.Sum(r => Percent(r.Groups[3])), 0.995, 1.005);
        Assert.InRange(rows.Sum(r => Percent(r.Groups[4])), 0.995, 1.005);
        Assert.Contains("mean reward of the samples", outcome.Stdout);
        Assert.Contains("FK steering resampled at", outcome.Stdout);
    }

    static double Percent(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture) / 100;
}
