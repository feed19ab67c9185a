using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Client.Cluster;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Client.Commands;

/// <summary>`steer status JOB --cluster REDIS [--json]`: where a cluster job is.</summary>
static class StatusCommand
{
    /// <summary>The result format's settings, with states written as words.</summary>
    static readonly JsonSerializerOptions Json = new(JobSpecJson.Options) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static Command Create()
    {
        var id = new Argument<string>("job") { Description = "The job id that submit printed." };
        var json = new Option<bool>("--json") { Description = "Print the whole status as JSON." };
        var command = new Command("status", "Show a cluster job's state, progress (step, ESS, reward), shards and events.") { id, json };
        var cluster = new ClusterArguments(command);
        command.SetAction((parse, cancellationToken) => cluster.RunAsync(parse, async client =>
        {
            if (await JobReports.FindAsync(client.GetGrain<IJobGrain>(parse.GetValue(id)!)) is not { } status) return ExitCodes.ClusterProblem;
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(status, Json));
            else Print(status);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    static void Print(JobStatus status)
    {
        Console.WriteLine($"{status.JobId}: {JobReports.Describe(status)}");
        Console.WriteLine($"  {status.Method ?? "?"}, {status.Particles} particles, {status.Steps} steps; owner {status.Owner}, priority {status.Priority}; NFE {status.NfeUsed}");
        if (status.Latest is { } latest)
            Console.WriteLine($"  latest step {latest.Step + 1}: ESS {latest.Ess:F1}" + (latest.MeanReward is { } r ? $", mean reward {r:F4}, max {latest.MaxReward:F4}" : "") + (latest.Resampled ? ", resampled" : ""));
        foreach (var error in status.SpecErrors) Console.WriteLine($"  spec error: {error}");
        if (status.Shards.Length > 0) Console.WriteLine($"  shards ({status.Shards.Length}):");
        foreach (var shard in status.Shards) Console.WriteLine($"    {shard.Index}: particles {shard.First}..{shard.First + shard.Count - 1} on {shard.Worker}");
        if (status.Events.Length > 0) Console.WriteLine("  events:");
        foreach (var e in status.Events) Console.WriteLine($"    {e.At:yyyy-MM-dd HH:mm:ss} step {e.Step}: {e.Kind}: {e.Detail}");
    }
}
