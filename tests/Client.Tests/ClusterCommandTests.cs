using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Client.Tests.Support;
using Orchestrator.Silo.Local;
using Orchestrator.Tests.Shared;

namespace Orchestrator.Client.Tests;

/// <summary>
/// submit, status, result and cancel, each a real `steer` process, against a coordinator and a worker silo (real hosts,
/// in the test process) that find each other through a real Redis, as the CLI finds them.
/// </summary>
public class ClusterCommandTests
{
    [Fact]
    public async Task SubmitStatusResultCancel_AgainstSilosOnRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = "cli-" + Guid.NewGuid().ToString("N")[..8];
        await using var silos = await SiloHosts.StartOnRedisAsync(redis, clusterId, workers: 1);
        using var dir = new TempDirectory();
        Task<SteerOutcome> Steer(params string[] args) => Support.Steer.RunAsync(dir.Path, [.. args, "--cluster", redis.ConnectionString, "--cluster-id", clusterId]);

        // Submit and follow to the end: the id alone on stdout, progress on stderr.
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 300, steps: 20, seed: 5));
        var submitted = await Steer("submit", spec, "--owner", "alice", "--wait");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var id = submitted.Stdout.Trim();
        Assert.Matches("^job-[0-9a-f]{12}$", id);
        Assert.Contains("step 20/20", submitted.Stderr);
        // Followed steps show the job's NFE so far and an ETA, as an embedded run's do.
        Assert.Matches(@"step 20/20  ESS [\d.]+  mean reward .*  NFE [\d,]+  .*ETA 0\.0 s", submitted.Stderr);

        var status = await Steer("status", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"{id}: Completed at step 20/20", status.Stdout);
        Assert.Contains("owner alice", status.Stdout);
        Assert.Contains("completed: 20 steps", status.Stdout);
        var json = await Steer("status", id, "--json");
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal("status", document.RootElement.GetProperty("command").GetString());
            Assert.Equal(0, document.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Equal(id, document.RootElement.GetProperty("jobId").GetString());
            Assert.Equal("completed", document.RootElement.GetProperty("state").GetString());
            Assert.Equal(20, document.RootElement.GetProperty("stepsDone").GetInt32());
            Assert.Equal("alice", document.RootElement.GetProperty("owner").GetString());
        }

        // The result is the embedded run's.
        var result = await Steer("result", id, "--out", dir.File("result"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var embedded = await Support.Steer.RunAsync(dir.Path, "run", spec, "--out", dir.File("embedded"));
        Assert.True(embedded.ExitCode == 0, embedded.ToString());
        Assert.Equal(new ResultFile(Path.Combine(dir.File("embedded"), "result.json")).Samples, new ResultFile(Path.Combine(dir.File("result"), "result.json")).Samples);
        Assert.Equal((800, 800), PngFile.Size(Path.Combine(dir.File("result"), "scatter.png")));
        Assert.Equal((1000, 600), PngFile.Size(Path.Combine(dir.File("result"), "progress.png")));
        var resultJson = await Steer("result", id, "--out", dir.File("result2"), "--json");
        Assert.True(resultJson.ExitCode == 0, resultJson.ToString());
        using (var document = JsonDocument.Parse(resultJson.Stdout))
        {
            var root = document.RootElement;
            Assert.Equal(id, root.GetProperty("jobId").GetString());
            Assert.Equal("completed", root.GetProperty("state").GetString());
            Assert.Equal(300, root.GetProperty("particles").GetInt32());
            Assert.True(root.GetProperty("summary").GetProperty("finalEss").GetDouble() > 0);
            foreach (var kind in new[] { "result", "scatter", "progress" })
                Assert.True(File.Exists(root.GetProperty("files").GetProperty(kind).GetString()), $"{kind} was not written");
        }

        // A long job, cancelled: it has no result, and result says what state it is in.
        var longSpec = dir.Write("long.json", JobSpecs.Spec("fk", particles: 300, steps: 5000, seed: 6, methodExtra: "\"every\": 1"));
        var longSubmitted = await Steer("submit", longSpec, "--json");
        Assert.True(longSubmitted.ExitCode == 0, longSubmitted.ToString());
        string longId;
        using (var document = JsonDocument.Parse(longSubmitted.Stdout))
        {
            longId = document.RootElement.GetProperty("jobId").GetString()!;
            Assert.Contains(document.RootElement.GetProperty("state").GetString(), new[] { "queued", "running" });
            Assert.Equal(5000, document.RootElement.GetProperty("steps").GetInt32());
        }
        var cancelled = await Steer("cancel", longId);
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Contains($"{longId}: Cancelled", cancelled.Stdout);
        var cancelledAgain = await Steer("cancel", longId, "--json");
        Assert.True(cancelledAgain.ExitCode == 0, cancelledAgain.ToString());
        using (var document = JsonDocument.Parse(cancelledAgain.Stdout))
        {
            Assert.Equal("cancelled", document.RootElement.GetProperty("state").GetString());
            Assert.False(document.RootElement.GetProperty("cancelled").GetBoolean());   // it had already ended
        }
        var noResult = await Steer("result", longId, "--out", dir.File("none"), "--json");
        Assert.True(noResult.ExitCode == 1, noResult.ToString());
        Assert.Contains("is Cancelled at step", noResult.Stderr);
        using (var document = JsonDocument.Parse(noResult.Stdout))
        {
            Assert.Equal(1, document.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Equal("cancelled", document.RootElement.GetProperty("state").GetString());
            Assert.Contains("only a completed job has a result", document.RootElement.GetProperty("error").GetString());
        }
        Assert.False(Directory.Exists(dir.File("none")), "result wrote files for a cancelled job");

        // A spec valid on its face that the job grain rejects (its value network file is missing): exit 2, the field named.
        var rejected = await Steer("submit", dir.Write("svdd.json", JobSpecs.Spec("svdd-mc", particles: 8, steps: 10, methodExtra: "\"valueModel\": \"no-such-value.bin\"").Replace("\"lambda\": 1, ", "")), "--json");
        Assert.True(rejected.ExitCode == 2, rejected.ToString());
        Assert.Contains("method.valueModel", rejected.Stderr);
        using (var document = JsonDocument.Parse(rejected.Stdout))
        {
            Assert.Equal("rejected", document.RootElement.GetProperty("state").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("exitCode").GetInt32());
            Assert.Contains(document.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "method.valueModel");
        }

        var unknown = await Steer("status", "job-000000000000", "--json");
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("no job job-000000000000", unknown.Stderr);
        using (var document = JsonDocument.Parse(unknown.Stdout))
            Assert.Equal("no job job-000000000000 on this cluster", document.RootElement.GetProperty("error").GetString());
    }

    /// <summary>Nothing listening where the cluster's Redis should be, or a Redis with no silos in it: a clear error and exit 1, not a hang.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUnreachableCluster_IsAClearError_WithinTheConnectLimit(bool redisWithoutSilos)
    {
        await using var redis = redisWithoutSilos ? await RedisServer.StartAsync() : null;
        var connection = redis?.ConnectionString ?? $"127.0.0.1:{FreePorts.Take(1)[0]}";
        using var dir = new TempDirectory();

        var clock = Stopwatch.StartNew();
        var outcome = await Steer.RunAsync(dir.Path, "status", "job-000000000000", "--cluster", connection);

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains($"could not connect to the cluster 'steer' (service 'steer') in Redis at {connection}", outcome.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
    }
}
