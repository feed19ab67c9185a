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
}
