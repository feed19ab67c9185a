using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Tests.Shared;

namespace Orchestrator.Silo.Tests;

/// <summary>Silo hosts that find each other through Redis and keep their grains' state there, and a client that finds them through Redis.</summary>
public class RedisClusterTests
{
    [Fact]
    public async Task CoordinatorAndWorkerOnRedis_RunAJob_ForAClientConnectedThroughRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        await using var silos = await SiloHosts.StartOnRedisAsync(redis, clusterId, workers: 1);
        await using var connection = await ClusterConnection.ConnectRedisAsync(redis.ConnectionString, clusterId);

        var job = connection.Client.GetGrain<IJobGrain>(JobIds.New());
        var status = await ClusterJobs.FollowAsync(job, await job.Submit(new JobSubmission(TestSpecs.Fk, "tester")));

        Assert.True(status.State == JobState.Completed, $"{status.State}: {status.Error}");
        var worker = Assert.Single(status.Shards).Worker;
        var result = JobResultJson.Deserialize((await ClusterJobs.ReadResultAsync(job))!);
        var (embedded, _) = await EmbeddedRunner.RunAsync(JobSpecJson.ParseValid(TestSpecs.Fk));
        Assert.Equal(embedded.Samples, result.Samples);
        Assert.Equal(embedded.Rewards, result.Rewards);
        // Membership and grain state really are in Redis: both silos' rows, and the job's record.
        var members = await redis.CommandAsync("HKEYS", $"steer/members/{clusterId}");
        Assert.Equal(2, ((object?[])members!).Count(m => m is string s && s.StartsWith('S')));
        var workerPort = SiloAddress.FromParsableString(worker).Endpoint.Port;
        Assert.Contains((object?[])members!, m => m is string s && s.Contains($":{workerPort}:"));
        var keys = (object?[])(await redis.CommandAsync("KEYS", $"steer/state/*{status.JobId}*"))!;
        Assert.NotEmpty(keys);
    }
}
