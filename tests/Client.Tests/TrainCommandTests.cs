using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer train`: the recipes it knows and the usage errors it refuses before fetching any data.</summary>
public class TrainCommandTests
{
    [Fact]
    public async Task UnknownModel_ExitsWith2_ListingTheRecipes()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "train", "cifar");
        Assert.Equal(2, outcome.ExitCode);
        foreach (var recipe in new[] { "digits", "digits-classifier", "digits-heldout-classifier", "fashion", "fashion-classifier", "fashion-heldout-classifier", "smiles" })
            Assert.Contains(recipe, outcome.Stderr);
    }

    [Theory]
    [InlineData("--steps", "0", "--steps must be at least 1")]
    [InlineData("--molecule-verifier", "not a url", "--molecule-verifier must be an absolute http address")]
    public async Task BadOptions_ExitWith2_BeforeAnyData(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "train", "smiles", option, value, "--out", dir.File("models"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Stderr);
        Assert.False(Directory.Exists(dir.File("models")), "nothing may be written");
    }
}
