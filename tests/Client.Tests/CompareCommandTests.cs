using System.Globalization;
using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer compare` end to end: every method within every budget, a CSV to read back and a real PNG.</summary>
public class CompareCommandTests
{
    [Fact]
    public async Task Compare_writes_a_row_per_method_budget_and_seed_each_within_its_budget_and_a_png()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 64, steps: 10, seed: 3));
        var outcome = await Steer.RunAsync(dir.Path, "compare", spec, "--budgets", "200,800", "--seeds", "2", "--out", dir.File("cmp"), "--json");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        // Progress counts runs; --json gives the rows and the files.
        Assert.Contains("run 36/36  ", outcome.Stderr);
        using (var document = System.Text.Json.JsonDocument.Parse(outcome.Stdout))
        {
            var root = document.RootElement;
            Assert.Equal("compare", root.GetProperty("command").GetString());
            Assert.Equal(36, root.GetProperty("rows").GetArrayLength());
            Assert.Equal(dir.File("cmp/curves.csv"), root.GetProperty("files").GetProperty("csv").GetString());
            Assert.Equal(dir.File("cmp/curves.png"), root.GetProperty("files").GetProperty("curves").GetString());
        }

        var lines = File.ReadAllLines(dir.File("cmp/curves.csv"));
        Assert.Equal("method,budget,seed,nfe,meanReward,bestReward,diversity", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        string[] methods = ["best-of-n", "fk-difference", "fk-max", "fk-sum", "fk-immediate", "svdd-pm", "random-search", "path-search", "zero-order-search"];
        foreach (var method in methods)
            foreach (var budget in new[] { 200, 800 })
                Assert.Equal(2, rows.Count(r => r[0] == method && r[1] == budget.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(methods.Length * 2 * 2, rows.Length);
        Assert.All(rows, r =>
        {
            var (budget, nfe) = (long.Parse(r[1], CultureInfo.InvariantCulture), long.Parse(r[3], CultureInfo.InvariantCulture));
            Assert.True(nfe > 0 && nfe <= budget, $"{r[0]} used {nfe} denoiser calls for a budget of {budget}");
            Assert.True(double.IsFinite(double.Parse(r[4], CultureInfo.InvariantCulture)), $"{r[0]}: mean reward {r[4]}");
        });

        var png = File.ReadAllBytes(dir.File("cmp/curves.png"));
        Assert.True(png.Length > 10_000, $"curves.png is only {png.Length} bytes");
        Assert.Equal((1000, 640), PngFile.Size(dir.File("cmp/curves.png")));
    }

    [Fact]
    public async Task Bad_budgets_are_refused_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec());
        var outcome = await Steer.RunAsync(dir.Path, "compare", spec, "--budgets", "100,-5", "--out", dir.File("cmp"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--budgets", outcome.Stderr);
        Assert.False(Directory.Exists(dir.File("cmp")));
    }
}
