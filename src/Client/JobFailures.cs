using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;

namespace Orchestrator.Client;

/// <summary>How commands that run jobs report the ways a job can end early, with their exit codes.</summary>
static class JobFailures
{
    /// <summary>Runs <paramref name="body"/>; a spec problem only building finds, a cancellation or a failed verifier becomes a message and an exit code.</summary>
    public static async Task<int> ReportAsync(string what, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (InvalidSpecException e)
        {
            // Problems only building can find (a file the spec names), reported like validation's.
            Output.Invalid("invalid job spec, nothing was run:", e.Errors);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Output.Error("cancelled; nothing was written");
            return ExitCodes.Cancelled;
        }
        catch (RewardException e)
        {
            Output.Error($"{what} failed: {e.Message}");
            return ExitCodes.JobFailed;
        }
    }
}
