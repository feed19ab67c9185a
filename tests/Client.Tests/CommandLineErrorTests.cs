using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>Bad input is refused with exit code 2, a message naming the problem, and nothing run or written.</summary>
public class CommandLineErrorTests
{
    static void AssertNothingWritten(string outDir)
    {
        Assert.False(File.Exists(Path.Combine(outDir, "result.json")), "result.json was written");
        Assert.False(File.Exists(Path.Combine(outDir, "timings.json")), "timings.json was written");
    }

    [Fact]
    public async Task Run_BadSpec_Exits2_NamesEveryFieldOnStderr_AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("bad.json", JobSpecs.Bad);
        var outDir = dir.File("out");

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", outDir);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("nothing was run", outcome.Stderr);
        Assert.Contains("method.particles: must be between 1", outcome.Stderr);
        Assert.Contains("method.lamda: unknown field (did you mean 'lambda'?)", outcome.Stderr);
        Assert.Contains("method.lambda: required but missing", outcome.Stderr);
        Assert.Contains("reward.weights: has 3 dimensions", outcome.Stderr);
        Assert.DoesNotContain("step 1/", outcome.Stderr);   // no progress: the job never started
        AssertNothingWritten(outDir);
    }

    [Fact]
    public async Task Run_WrongType_Exits2_WithFieldAndLineAndColumn()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec().Replace("\"steps\": 20", "\"steps\": \"twenty\"", StringComparison.Ordinal));
        var outDir = dir.File("out");

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", outDir);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        var line = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("\"twenty\"")) + 1;
        Assert.Matches($@"sampler\.steps: expected a whole number.*\(line {line}, column \d+\)", outcome.Stderr);
        AssertNothingWritten(outDir);
    }

    [Fact]
    public async Task Run_MalformedJson_Exits2_AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", "{ \"model\": { \"kind\": \"gaussian-mixture\",, }");
        var outDir = dir.File("out");

        var outcome = await Steer.RunAsync(dir.Path, "run", spec, "--out", outDir);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("spec.json: invalid job spec", outcome.Stderr);
        Assert.Contains("(line 1, column", outcome.Stderr);
        AssertNothingWritten(outDir);
    }

    [Fact]
    public async Task Run_MissingSpecFile_Exits2_NamingTheFile_AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("no-such-spec.json");
        var outDir = dir.File("out");

        var outcome = await Steer.RunAsync(dir.Path, "run", missing, "--out", outDir);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains($"{missing}: no such file", outcome.Stderr);
        Assert.False(Directory.Exists(outDir), "the output folder was created for a spec that does not exist");
    }

    [Fact]
    public async Task Run_RelativeMissingSpecFile_IsReportedWithItsFullPath()
    {
        using var dir = new TempDirectory();

        var outcome = await Steer.RunAsync(dir.Path, "run", "missing.json", "--out", "out");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        // The full path, resolved against steer's working directory (compared loosely: the
        // process sees the real path of the temp folder, which may differ through symlinks).
        var line = outcome.Stderr.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.EndsWith("missing.json: no such file", StringComparison.Ordinal));
        Assert.True(line is not null, outcome.ToString());
        var printed = line[..^": no such file".Length];
        Assert.True(Path.IsPathRooted(printed), $"'{printed}' is not a full path");
        Assert.Equal(Path.GetFileName(dir.Path), Path.GetFileName(Path.GetDirectoryName(printed)));
    }

    [Fact]
    public async Task Run_WithoutOut_IsAUsageError_Exit2()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("spec.json", JobSpecs.Spec());

        var outcome = await Steer.RunAsync(dir.Path, "run", spec);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--out", outcome.Stderr);
        Assert.Contains("steer --help", outcome.Stderr);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError_Exit2()
    {
        using var dir = new TempDirectory();

        var outcome = await Steer.RunAsync(dir.Path, "launch", "spec.json");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.StartsWith("steer: ", outcome.Stderr);
    }

    [Fact]
    public async Task Validate_ValidSpec_Exits0_AndSaysValid()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("good.json", JobSpecs.Spec());

        var outcome = await Steer.RunAsync(dir.Path, "validate", spec);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("good.json: valid", outcome.Stdout);
        Assert.Equal("", outcome.Stderr);
        Assert.Equal(["good.json"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));   // validating runs and writes nothing
    }

    [Fact]
    public async Task Validate_BadSpec_Exits2_NamingTheFields()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("bad.json", JobSpecs.Bad);

        var outcome = await Steer.RunAsync(dir.Path, "validate", spec);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("bad.json: invalid job spec", outcome.Stderr);
        Assert.Contains("method.particles: must be between 1", outcome.Stderr);
        Assert.Contains("reward.weights: has 3 dimensions", outcome.Stderr);
        Assert.DoesNotContain(": valid", outcome.Stdout);
    }

    [Fact]
    public async Task Validate_MissingSpecFile_Exits2_NamingTheFile()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("absent.json");

        var outcome = await Steer.RunAsync(dir.Path, "validate", missing);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains($"{missing}: no such file", outcome.Stderr);
    }
}
