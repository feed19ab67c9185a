using System.Diagnostics;
using System.Reflection;

namespace Orchestrator.Client.Tests.Support;

/// <summary>What one run of the CLI did.</summary>
sealed record SteerOutcome(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Stdout}--- stderr ---{Environment.NewLine}{Stderr}";
}

/// <summary>Runs the real `steer` CLI as a child process: `dotnet steer.dll ARGS`.</summary>
static class Steer
{
    /// <summary>Generous: a 256-particle, 20-step job takes well under a second; this only stops a hung process.</summary>
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// steer.dll in src/Client's own output folder; the path is baked into this assembly at build
    /// time from the project reference (see Client.Tests.csproj), so it always matches the
    /// configuration that was built.
    /// </summary>
    public static string DllPath { get; } = Locate();

    static string Locate()
    {
        var path = typeof(Steer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "SteerDll")?.Value;
        if (string.IsNullOrEmpty(path)) throw new InvalidOperationException("no SteerDll assembly metadata: Client.Tests.csproj's EmbedSteerAssemblyPath target did not run");
        if (!File.Exists(path)) throw new FileNotFoundException($"steer.dll is not where the build put it: {path}", path);
        return path;
    }

    /// <summary>
    /// The dotnet host to run steer with: the one `dotnet test` was started from (it sets
    /// DOTNET_HOST_PATH for its children), else the muxer running this test host, else PATH's.
    /// </summary>
    static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    /// <summary>Runs steer with <paramref name="args"/> in <paramref name="workingDirectory"/> and waits for it to end.</summary>
    public static Task<SteerOutcome> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs steer with <paramref name="args"/> and these environment variables set, and waits for it to end.</summary>
    public static async Task<SteerOutcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // One torch thread, as the CLI defaults to, whatever the environment running the tests says.
        start.Environment["STEER_TORCH_THREADS"] = "1";
        // Plain progress lines, as for any redirected stderr, unless a test asks for another mode.
        start.Environment.Remove("STEER_PROGRESS");
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start steer");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"steer {string.Join(' ', args)} did not finish within {Timeout}");
        }
        return new SteerOutcome(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>A fresh temporary directory per test, deleted afterwards.</summary>
sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("steer-client-tests-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to a file in this directory and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }   // best effort: a leftover temp folder must not fail a test
    }
}
