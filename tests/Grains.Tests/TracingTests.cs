using System.Collections.Concurrent;
using System.Diagnostics;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Contracts.Results;
using Orchestrator.Grains.Telemetry;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.Steering.Accounting;

namespace Orchestrator.Grains.Tests;

/// <summary>One trace follows a job across silos: job -> (Orleans' call spans) -> shard steps on the workers -> verifier calls.</summary>
public sealed class TracingTests : IClassFixture<ThreeWorkerCluster>, IDisposable
{
    readonly ThreeWorkerCluster fixture;
    readonly ConcurrentBag<Activity> finished = [];
    readonly ActivityListener listener;

    public TracingTests(ThreeWorkerCluster fixture)
    {
        this.fixture = fixture;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ClusterTracing.SourceName or SteeringTracing.SourceName or "Microsoft.Orleans.Application",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = finished.Add,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose() => listener.Dispose();

    [Fact]
    public async Task AJobsTrace_ReachesEveryShardOnTheWorkers_AndEveryVerifierCallUnderItsShard()
    {
        var status = await TestClusters.RunAsync(fixture.Cluster.Client, Specs.Fk(seed: 7, particles: 600, steps: 20));
        Assert.Equal(JobState.Completed, status.State);
        var result = JobResultJson.Deserialize(await TestClusters.ResultAsync(fixture.Cluster.Client.GetGrain<IJobGrain>(status.JobId)));

        // The job's span ends before the job reports itself finished.
        var job = Assert.Single(finished, a => a.OperationName == "job.run" && (string?)a.GetTagItem("steer.job") == status.JobId);
        var trace = finished.Where(a => a.TraceId == job.TraceId).ToList();
        var bySpan = trace.ToDictionary(a => a.SpanId);
        bool Under(Activity a, Activity ancestor)
        {
            for (var parent = a.ParentSpanId; bySpan.TryGetValue(parent, out var p); parent = p.ParentSpanId)
                if (p.SpanId == ancestor.SpanId) return true;
            return false;
        }

        var shardSteps = trace.Where(a => a.OperationName == "shard.steps").ToList();
        Assert.Equal(status.Shards.Length, shardSteps.Select(a => a.GetTagItem("steer.shard")).Distinct().Count());
        Assert.All(shardSteps, a => Assert.True(Under(a, job), "a shard's span is not under the job's"));
        // Every step of every shard ran inside a shard span.
        Assert.Equal(status.Shards.Length * status.Steps, shardSteps.Sum(a => (int)a.GetTagItem("steer.steps_run")!));

        var verifier = trace.Where(a => a.OperationName == "verifier.score").ToList();
        Assert.NotEmpty(verifier);
        Assert.All(verifier, v => Assert.Equal("shard.steps", bySpan[v.ParentSpanId].OperationName));
        Assert.Equal(result.Nfe.Reward, verifier.Sum(v => (int)v.GetTagItem("steer.rows")!));

        var resamplings = trace.Where(a => a.OperationName == "job.resample").ToList();
        Assert.Equal(result.Trace.Count(t => t.Resampled), resamplings.Count);
        Assert.All(resamplings, r => Assert.Equal(job.SpanId, r.ParentSpanId));
        Assert.Equal(result.Trace.Sum(t => t.BytesMoved ?? 0), resamplings.Sum(r => (long)r.GetTagItem("steer.bytes_moved")!));
    }

    /// <summary>
    /// A job of one shard has its whole population on that shard, which judges every step itself: it runs through the
    /// selection points (here every step) in a call per checkpoint instead of a round trip per selection point, with the
    /// same trace as three shards give.
    /// </summary>
    [Fact]
    public async Task AJobOfOneShard_RunsThroughItsSelectionPoints_WithoutAskingTheJob()
    {
        var spec = Specs.Fk(seed: 9, particles: 300, steps: 20, every: 1, lambda: 2, sampler: "ddpm");
        await using var single = await TestClusters.StartAsync(workers: 0);

        var one = await TestClusters.RunAsync(single.Client, spec);
        var oneShard = await TestClusters.RunAsync(fixture.Cluster.Client, spec);   // 300 particles: at least 64 per worker, so 3 shards here too

        var job = Assert.Single(finished, a => a.OperationName == "job.run" && (string?)a.GetTagItem("steer.job") == one.JobId);
        var calls = finished.Where(a => a.TraceId == job.TraceId && a.OperationName == "shard.steps").ToList();
        Assert.Single(one.Shards);
        // One call to the first checkpoint (the first selection point 10 steps in), one for the rest, and any time slices: not 20.
        Assert.InRange(calls.Count, 1, 4);
        Assert.Equal(20, calls.Sum(a => (int)a.GetTagItem("steer.steps_run")!));

        var a1 = JobResultJson.Deserialize(await TestClusters.ResultAsync(single.Client.GetGrain<IJobGrain>(one.JobId)));
        var a3 = JobResultJson.Deserialize(await TestClusters.ResultAsync(fixture.Cluster.Client.GetGrain<IJobGrain>(oneShard.JobId)));
        Assert.True(oneShard.Shards.Length > 1);
        Assert.Contains(a1.Trace, t => t.Resampled);
        Assert.Equal(a3.Trace.Select(t => t.Resampled), a1.Trace.Select(t => t.Resampled));
        Assert.Equal(a3.Trace.Select(t => t.Ess), a1.Trace.Select(t => t.Ess), (x, y) => Math.Abs(x - y) <= 1e-9);
        Assert.All(a1.Trace.Where(t => t.Resampled), t => { Assert.Equal(0, t.RowsMoved); Assert.True(t.NaiveBytes > 0); });
        Assert.Equal(a3.Samples, a1.Samples);
    }
}
