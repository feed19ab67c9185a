using System.CommandLine;
using System.CommandLine.Help;

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

    /// <summary>The exit codes as the root help lists them.</summary>
    public const string Help = """
        Exit codes:
          0    success
          1    the job failed while running, or the cluster could not be reached, has no such job or no result for it yet
          2    invalid input (the command line or the job spec); nothing was run
          130  cancelled (Ctrl+C, or the job was cancelled on the cluster)
        """;
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

    /// <summary>One JSON document on stdout instead of text, for scripts (see <see cref="Output"/>).</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON document on stdout instead of text (command, exitCode, the command's fields, error and errors); progress and messages stay on stderr.",
        Recursive = true,
    };

    /// <summary>No progress and no notes on stderr; errors are still reported.</summary>
    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display and no notes on stderr (errors are still printed).",
        Recursive = true,
    };

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        root.Options.Add(Threads);
        root.Options.Add(Json);
        root.Options.Add(Quiet);
        var parsed = root.Parse(args);
        // Help and version print themselves, whatever else the command line says.
        if (parsed.Action is HelpAction || root.Options.OfType<VersionOption>().Any(v => parsed.GetResult(v) is not null))
            return await parsed.InvokeAsync();
        var command = parsed.CommandResult.Command;
        Output.Begin(command == root ? "steer" : command.Name, JsonRequested(parsed, args), parsed.GetValue(Quiet));
        var exitCode = await RunAsync(parsed);
        Output.End(exitCode);
        return exitCode;
    }

    static async Task<int> RunAsync(ParseResult parsed)
    {
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"steer: {error.Message}");
            Output.Set("error", string.Join(" ", parsed.Errors.Select(e => e.Message)));
            Console.Error.WriteLine("Run 'steer --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            Output.Error("steer: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            // A bug or an environment problem no command anticipated: the whole exception for people, its gist for scripts.
            Output.Error($"steer: unexpected error: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e);
            return ExitCodes.JobFailed;
        }
    }

    /// <summary>--json, also when the command line has other errors (then its value may not have been parsed).</summary>
    static bool JsonRequested(ParseResult parsed, string[] args) =>
        parsed.Errors.Count == 0 ? parsed.GetValue(Json) : args.Contains(Json.Name, StringComparer.Ordinal);
}
