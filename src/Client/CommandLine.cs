using System.CommandLine;

namespace Orchestrator.Client;

/// <summary>Exit codes: 0 success, 1 the job failed while running (or the cluster could not be reached), 2 the input was wrong (usage or spec), 130 cancelled.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int JobFailed = 1;
    /// <summary>The cluster could not be reached, stopped answering, or has no such job (or it has no result yet).</summary>
    public const int ClusterProblem = 1;
    public const int InvalidInput = 2;
    public const int Cancelled = 130;
}

/// <summary>Parses and invokes, reporting usage errors with exit code 2 rather than System.CommandLine's 1.</summary>
static class CommandLine
{
    /// <summary>Torch threads for every command that runs tensors.</summary>
    public static readonly Option<int?> Threads = new("--threads")
    {
        Description = "Torch intra-op threads (default: STEER_TORCH_THREADS, else 1).",
        Recursive = true,
    };

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        root.Options.Add(Threads);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"steer: {error.Message}");
            Console.Error.WriteLine("Run 'steer --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        return await parsed.InvokeAsync();
    }
}
