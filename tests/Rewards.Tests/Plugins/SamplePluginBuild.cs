using System.Diagnostics;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Rewards.Tests.Plugins;

/// <summary>
/// Builds samples/RewardPlugin once for a test class, with the SDK the tests run under, into
/// &lt;temp&gt;/plugins/RewardPlugin: a plug-in directory holding exactly the sample, as a user would make it.
/// </summary>
public sealed class SamplePluginBuild : IAsyncLifetime
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"reward-plugins-{Guid.NewGuid():N}");

    /// <summary>The plug-in directory: one subfolder, the sample.</summary>
    public string Directory => Path.Combine(Root, "plugins");

    /// <summary>The sample's own folder, as dotnet build -o left it.</summary>
    public string SampleFolder => Path.Combine(Directory, "RewardPlugin");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(FixtureFiles.Root, "samples", "RewardPlugin", "RewardPlugin.csproj");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "build", project, "-c", "Release", "-o", SampleFolder, "--disable-build-servers", "-nologo", "-v:q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's MSBuild settings (if any) belong to another build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
            start.Environment.Remove(key);
        using var build = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await build.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException($"building the sample plug-in took over {Limit.TotalMinutes} minutes");
        }
        if (build.ExitCode != 0)
            throw new InvalidOperationException($"dotnet build {project} failed ({build.ExitCode}):\n{await output}\n{await errors}");
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Copies the built sample's files into <paramref name="folder"/>.</summary>
    public void CopySampleTo(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        foreach (var file in System.IO.Directory.GetFiles(SampleFolder))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }
}
