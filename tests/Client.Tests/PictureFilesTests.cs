using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>The pictures written with result.json: scatter.png for 2-D models, progress.png for every job with a trace.</summary>
public class PictureFilesTests
{
    [Fact]
    public async Task TwoDimensionalModel_GetsAScatterAndAProgressPlot_OfTheDocumentedSizes()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 100, steps: 12, seed: 8, lambda: 3));

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", dir.File("out"));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal((800, 800), PngFile.Size(dir.File("out/scatter.png")));
        Assert.Equal((1000, 600), PngFile.Size(dir.File("out/progress.png")));
        Assert.False(File.Exists(dir.File("out/samples.png")), "a 2-D model got a sample grid");
        // The summary names them.
        Assert.Contains("scatter.png, progress.png", outcome.Stdout);
    }

    /// <summary>The scatter shows the weights: the same particles with other weights give another picture.</summary>
    [Fact]
    public async Task TheScatter_DependsOnTheWeights()
    {
        using var dir = new TempDirectory();
        // Best-of-N keeps its particles where they are: lambda only changes the weights.
        var flat = await Steer.RunAsync(dir.Path, "run", dir.Write("flat.json", JobSpecs.Spec("best-of-n", particles: 64, steps: 8, seed: 2, lambda: 0)), "--out", dir.File("flat"));
        var tilted = await Steer.RunAsync(dir.Path, "run", dir.Write("tilted.json", JobSpecs.Spec("best-of-n", particles: 64, steps: 8, seed: 2, lambda: 3)), "--out", dir.File("tilted"));
        Assert.True(flat.ExitCode == 0, flat.ToString());
        Assert.True(tilted.ExitCode == 0, tilted.ToString());
        Assert.Equal(new ResultFile(dir.File("flat/result.json")).Samples, new ResultFile(dir.File("tilted/result.json")).Samples);
        Assert.NotEqual(File.ReadAllBytes(dir.File("flat/scatter.png")), File.ReadAllBytes(dir.File("tilted/scatter.png")));
    }
}
