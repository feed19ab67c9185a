using Orchestrator.Contracts.Cluster;
using Orchestrator.Grains.Tests.Support;

namespace Orchestrator.Grains.Tests;

/// <summary>The coordinator under load: jobs that do not fit wait, none is lost, and they are admitted in its order.</summary>
public class QueueTests
{
    [Fact]
    public async Task FiftyJobsAtOnce_AllComplete_NoneLost_InTheCoordinatorsOrder()
    {
        await using var cluster = await TestClusters.StartAsync(workers: 3, o => o.Capacity = 200);
        var grains = cluster.Client;
        // A job holding all 600 particles of room, so that all fifty are queued before any is admitted.
        var blocker = grains.GetGrain<IJobGrain>(JobIds.New());
        Assert.Equal(JobState.Running, (await blocker.Submit(new JobSubmission(Specs.Fk(seed: 1, particles: 600, steps: 5000, every: 1), "blocker"))).State);

        var jobs = Enumerable.Range(0, 50).Select(i => (Id: $"queued-{i:D2}", Priority: i % 3, Owner: i % 2 == 0 ? "alice" : "bob")).ToList();
        var submitted = await Task.WhenAll(jobs.Select(j =>
            grains.GetGrain<IJobGrain>(j.Id).Submit(new JobSubmission(Specs.Fk(seed: j.Priority, particles: 100, steps: 10, every: 2), j.Owner, j.Priority))));
        Assert.All(submitted, s => Assert.Equal(JobState.Queued, s.State));
        Assert.Equal(JobState.Cancelled, (await blocker.Cancel()).State);

        var finished = await Task.WhenAll(jobs.Select(async j => { var job = grains.GetGrain<IJobGrain>(j.Id); return await TestClusters.FinishedAsync(job, await job.GetStatus()); }));

        Assert.All(finished, s => Assert.True(s.State == JobState.Completed, $"{s.JobId}: {s.State} {s.Error}"));
        var view = await grains.GetGrain<ICoordinatorGrain>(0).Describe();
        var admitted = view.Admitted.Where(id => id.StartsWith("queued-", StringComparison.Ordinal)).ToList();
        Assert.Equal(jobs.Select(j => j.Id).Order(), admitted.Order());
        // All fifty waited together, so higher priority was always admitted first.
        var priorities = admitted.Select(id => jobs.Single(j => j.Id == id).Priority).ToList();
        Assert.Equal(priorities.OrderByDescending(p => p), priorities);
        Assert.Empty(view.Queued);
        Assert.Empty(view.Running);
        Assert.All(view.Workers, w => Assert.Equal(w.Capacity, w.Free));
    }
}
