using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Rewards.Tests.Support;

/// <summary>
/// The Node molecule verifier (tools/molecule-verifier), started once for the tests that share it, on a
/// free loopback port; its npm packages are installed first if a fresh clone lacks them.
/// </summary>
public sealed partial class MoleculeVerifierService : IAsyncLifetime
{
    static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(5);

    Process? node;
    readonly StringBuilder errors = new();

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var folder = Folder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules"))) await InstallAsync(folder);

        node = Start("node", folder, "server.js", "--host", "127.0.0.1", "--port", "0");
        node.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        node.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(StartLimit);
        string? line;
        try
        {
            line = await node.StandardOutput.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"the molecule verifier did not start within {StartLimit.TotalSeconds} s: {Errors()}");
        }
        var match = line is null ? null : Listening().Match(line);
        if (match is not { Success: true })
            throw new InvalidOperationException($"the molecule verifier did not start: stdout '{line}', stderr '{await ErrorsAtExitAsync()}'");
        Endpoint = new Uri($"{match.Groups[1].Value}/score");
    }

    public async Task DisposeAsync()
    {
        if (node is null) return;
        if (!node.HasExited) node.Kill(entireProcessTree: true);
        await node.WaitForExitAsync();
        node.Dispose();
    }

    static async Task InstallAsync(string folder)
    {
        using var npm = Start("npm", folder, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        var output = npm.StandardOutput.ReadToEndAsync();
        var error = npm.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(InstallLimit);
        await npm.WaitForExitAsync(limit.Token);
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm ci in {folder} failed ({npm.ExitCode}): {await output}{await error}");
    }

    static Process Start(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run '{program}' (the molecule verifier needs Node 20 and npm): {e.Message}", e);
        }
    }

    /// <summary>tools/molecule-verifier of the repository the tests were built from.</summary>
    static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tools", "molecule-verifier");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new InvalidOperationException($"no tools/molecule-verifier above {AppContext.BaseDirectory}");
    }

    string Errors()
    {
        lock (errors) return errors.ToString().Trim();
    }

    async Task<string> ErrorsAtExitAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await node!.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return Errors();
    }

    [GeneratedRegex(@"^listening on (http://\S+:\d+)$")]
    private static partial Regex Listening();
}

[CollectionDefinition(Name)]
public sealed class MoleculeVerifierCollection : ICollectionFixture<MoleculeVerifierService>
{
    public const string Name = "molecule verifier";
}
