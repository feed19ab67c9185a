using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer train-value` then an svdd-mc job that names the network, end to end.</summary>
public class TrainValueCommandTests
{
    [Fact]
    public async Task A_trained_value_network_drives_an_svdd_mc_job()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 64, steps: 10, seed: 3));
        var trained = await Steer.RunAsync(dir.Path, "train-value", spec, "--out", dir.File("value.bin"), "--samples", "2048", "--iterations", "300");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.True(File.Exists(dir.File("value.bin.json")), "no training record beside the network");

        var svdd = JobSpecs.Spec("fk", particles: 64, steps: 10, seed: 3)
            .Replace("\"kind\": \"fk\"", $"\"kind\": \"svdd-mc\", \"children\": 4, \"valueModel\": \"{dir.File("value.bin")}\"");
        var run = await Steer.RunAsync(dir.Path, "run", dir.Write("svdd.json", RemoveLambda(svdd)), "--out", dir.File("out"));
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = new ResultFile(dir.File("out/result.json"));
        Assert.Equal(64, result.Samples.Length);

        var missing = await Steer.RunAsync(dir.Path, "run", dir.Write("missing.json", RemoveLambda(svdd).Replace("value.bin", "absent.bin")), "--out", dir.File("out2"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("method.valueModel: no such file", missing.Stderr);
        Assert.False(File.Exists(dir.File("out2/result.json")));
    }

    static string RemoveLambda(string spec) => System.Text.RegularExpressions.Regex.Replace(spec, "\"lambda\":\\s*[^,}]+,?", "");
}
