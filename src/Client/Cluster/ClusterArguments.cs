using System.CommandLine;
using Orchestrator.Silo;

namespace Orchestrator.Client.Cluster;

/// <summary>
/// Where the cluster is (the options every cluster command takes), and the one way those commands reach it: connect
/// through Redis, run, and turn a cluster that cannot be reached or stops answering into one line and exit code 1.
/// </summary>
sealed class ClusterArguments
{
    readonly Option<string> redis = new("--cluster")
    {
        Description = "The cluster's Redis, where its silos publish themselves: a StackExchange.Redis connection string (host:port[,password=...]).",
        Required = true,
    };

    readonly Option<string> clusterId = new("--cluster-id")
    {
        Description = "The cluster id the silos run with (their Steer:ClusterId).",
        DefaultValueFactory = _ => SteerHostOptions.DefaultClusterId,
    };

    readonly Option<string> serviceId = new("--service-id")
    {
        Description = "The service id the silos run with (their Steer:ServiceId).",
        DefaultValueFactory = _ => SteerHostOptions.DefaultClusterId,
    };

    public ClusterArguments(Command command)
    {
        command.Options.Add(redis);
        command.Options.Add(clusterId);
        command.Options.Add(serviceId);
    }

    public async Task<int> RunAsync(ParseResult parse, Func<IClusterClient, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await ClusterConnection.ConnectRedisAsync(parse.GetValue(redis)!, parse.GetValue(clusterId)!, parse.GetValue(serviceId)!, cancellationToken: cancellationToken);
            return await body(connection.Client);
        }
        catch (ClusterUnreachableException e)
        {
            Output.Error($"steer: {e.Message}");
            return ExitCodes.ClusterProblem;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            Output.Error($"steer: the cluster stopped answering: {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}");
            return ExitCodes.ClusterProblem;
        }
        catch (OperationCanceledException)
        {
            Output.Error("steer: interrupted");
            return ExitCodes.Cancelled;
        }
    }
}
