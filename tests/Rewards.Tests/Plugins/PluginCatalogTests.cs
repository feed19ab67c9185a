using System.Runtime.Loader;
using Orchestrator.Rewards.Plugins;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Tests.Plugins;

public class PluginCatalogTests(SamplePluginBuild sample) : IClassFixture<SamplePluginBuild>
{
    static readonly Dictionary<string, string> NoOptions = [];

    [Fact]
    public async Task The_sample_plugin_loads_in_its_own_context_and_scores_as_computed_by_hand()
    {
        var catalog = PluginCatalog.Load(sample.Directory);
        Assert.Empty(catalog.Failures);
        Assert.Equal(["CheckerboardReward", "ContrastReward"], catalog.Rewards.Select(r => r.Name).Order());
        var type = catalog.Find("checkerboardreward").Type;
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(type.Assembly));
        Assert.Contains(typeof(IReward), type.GetInterfaces());

        // [1 0; 0 1] lies on the light cells: mean of (+1, +0, -0, +1) = 0.5; [0 1; 1 0] on the dark: -0.5.
        // With 2-pixel cells a 2 x 2 image is one light cell: the plain mean, 0.5 for both.
        var batch = SampleBatch.Continuous(2, [1, 2, 2], [1, 0, 0, 1, 0, 1, 1, 0]);
        var pixels = await catalog.Create("CheckerboardReward", NoOptions).ScoreAsync(batch, default);
        var cells = await catalog.Create("CheckerboardReward", new Dictionary<string, string> { ["cell"] = "2" }).ScoreAsync(batch, default);
        var contrast = await catalog.Create("ContrastReward").ScoreAsync(batch, default);
        Assert.Equal([0.5, -0.5], pixels);
        Assert.Equal([0.5, 0.5], cells);
        Assert.Equal([0.5, 0.5], contrast);
    }

    [Fact]
    public void Only_the_configured_directory_is_searched_and_broken_plugins_are_reported_while_good_ones_load()
    {
        var root = Path.Combine(sample.Root, "second");
        var plugins = Path.Combine(root, "plugins");
        sample.CopySampleTo(Path.Combine(root, "elsewhere", "RewardPlugin"));
        var garbage = Path.Combine(plugins, "garbage", "Garbage.dll");
        var noRewards = Path.Combine(plugins, "no-rewards", Path.GetFileName(typeof(FactAttribute).Assembly.Location));
        var stray = Path.Combine(plugins, "Stray.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(garbage)!);
        Directory.CreateDirectory(Path.GetDirectoryName(noRewards)!);
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]);
        File.Copy(typeof(FactAttribute).Assembly.Location, noRewards);
        File.Copy(Path.Combine(sample.SampleFolder, "Samples.RewardPlugin.dll"), stray);

        // The sample sits beside the directory and at its top level, but not in a subfolder of it.
        var withoutSample = PluginCatalog.Load(plugins);
        Assert.Empty(withoutSample.Rewards);
        var notFound = Assert.Throws<ArgumentException>(() => withoutSample.Create("CheckerboardReward"));
        Assert.Contains($"no plug-in in {plugins} offers a reward 'CheckerboardReward'; it offers none", notFound.Message);
        Assert.Contains(garbage, notFound.Message);
        AssertFailures(withoutSample);

        sample.CopySampleTo(Path.Combine(plugins, "RewardPlugin"));
        var withSample = PluginCatalog.Load(plugins);
        Assert.Equal(["CheckerboardReward", "ContrastReward"], withSample.Rewards.Select(r => r.Name).Order());
        AssertFailures(withSample);

        void AssertFailures(PluginCatalog catalog)
        {
            Assert.Equal(3, catalog.Failures.Count);
            Assert.Contains(catalog.Failures, f => f.Path == garbage && f.Reason.StartsWith("not a .NET assembly"));
            Assert.Contains(catalog.Failures, f => f.Path == noRewards && f.Reason.StartsWith("has no public, non-abstract class implementing Orchestrator.Steering.Rewards.IReward"));
            Assert.Contains(catalog.Failures, f => f.Path == stray && f.Reason.Contains("own subfolders"));
        }
    }

    [Fact]
    public void Constructor_failures_and_unwanted_options_name_the_plugin()
    {
        var catalog = PluginCatalog.Load(sample.Directory);
        var assembly = Path.Combine(sample.SampleFolder, "Samples.RewardPlugin.dll");
        var badOption = Assert.Throws<ArgumentException>(() => catalog.Create("CheckerboardReward", new Dictionary<string, string> { ["cell"] = "zero" }));
        Assert.Contains($"Samples.RewardPlugin.CheckerboardReward ({assembly}) could not be created: ArgumentException: checkerboard's cell must be", badOption.Message);
        var noOptions = Assert.Throws<ArgumentException>(() => catalog.Create("ContrastReward", new Dictionary<string, string> { ["gain"] = "2" }));
        Assert.Contains("takes no options, but was given gain", noOptions.Message);
    }

    [Fact]
    public async Task A_plugin_that_throws_while_scoring_stops_the_job_naming_itself()
    {
        var reward = PluginCatalog.Load(sample.Directory).Create("Samples.RewardPlugin.ContrastReward");
        var tokens = SampleBatch.Discrete(1, [4], [0, 1, 2, 3]);
        var error = await Assert.ThrowsAsync<RewardException>(() => reward.ScoreAsync(tokens, default).AsTask());
        Assert.Contains("plug-in reward 'contrast'", error.Message);
        Assert.Contains("Samples.RewardPlugin.dll) threw ArgumentException: contrast scores images, not token sequences", error.Message);
    }
}
