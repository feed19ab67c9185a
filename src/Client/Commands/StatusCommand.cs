using System.CommandLine;
using Orchestrator.Client.Cluster;
using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Client.Commands;

/// <summary>`steer status JOB --cluster REDIS [--json]`: where a cluster job is.</summary>
static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("job") { Description = "The job id that submit printed." };
        var command = new Command("status", "Show a cluster job's state, progress (step, ESS, reward), shards and events (--json: the whole status).") { id };
        var cluster = new ClusterArguments(command);
        command.SetAction((parse, cancellationToken) => cluster.RunAsync(parse, async client =>
        {
            if (await JobReports.FindAsync(client.GetGrain<IJobGrain>(parse.GetValue(id)!)) is not { } status) return ExitCodes.ClusterProblem;
            Output.Merge(status);
            Print(status);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    static void Print(JobStatus status)
    {
        Output.Line($"{status.JobId}: {JobReports.Describe(status)}");
        Output.Line($"  {status.Method ?? "?"}, {status.Particles} particles, {status.Steps} steps; owner {status.Owner}, priority {status.Priority}; NFE {status.NfeUsed}");
        if (status.Latest is { } latest)
            Output.Line($"  latest step {latest.Step + 1}: ESS {latest.Ess:F1}" + (latest.MeanReward is { } r ? $", mean reward {r:F4}, max {latest.MaxReward:F4}" : "") + (latest.Resampled ? ", resampled" : ""));
        foreach (var error in status.SpecErrors) Output.Line($"  spec error: {error}");
        if (status.Shards.Length > 0) Output.Line($"  shards ({status.Shards.Length}):");
        foreach (var shard in status.Shards) Output.Line($"    {shard.Index}: particles {shard.First}..{shard.First + shard.Count - 1} on {shard.Worker}");
        if (status.Events.Length > 0) Output.Line("  events:");
        foreach (var e in status.Events) Output.Line($"    {e.At:yyyy-MM-dd HH:mm:ss} step {e.Step}: {e.Kind}: {e.Detail}");
    }
}
