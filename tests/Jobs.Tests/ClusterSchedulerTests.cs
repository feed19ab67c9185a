using Orchestrator.Jobs.Scheduling;

namespace Orchestrator.Jobs.Tests;

/// <summary>The coordinator's admission order and placement: priorities, fair share between owners, room on workers, queueing instead of failing.</summary>
public class ClusterSchedulerTests
{
    static ClusterScheduler ThreeWorkers(int each = 1000) =>
        new([new WorkerCapacity("w1", each), new WorkerCapacity("w2", each), new WorkerCapacity("w3", each)]);

    [Fact]
    public void AJobThatFits_IsPlacedAtOnce_OnTheFewestWorkers()
    {
        var scheduler = ThreeWorkers();
        var placed = Assert.Single(scheduler.Submit(new JobRequest("a", "alice", 0, 1500)));

        Assert.Equal("a", placed.Job);
        Assert.Equal(2, placed.Shards.Count);
        Assert.Equal(1500, placed.Shards.Sum(s => s.Particles));
        Assert.Equal(1500, scheduler.Free.Values.Sum());
    }

    [Fact]
    public void WhatDoesNotFit_WaitsInOrder_AndStartsWhenRoomIsFreed()
    {
        var scheduler = ThreeWorkers();
        scheduler.Submit(new JobRequest("a", "alice", 0, 2500));
        Assert.Empty(scheduler.Submit(new JobRequest("b", "bob", 0, 1000)));
        Assert.Empty(scheduler.Submit(new JobRequest("c", "carol", 0, 200)));   // fits, but does not overtake b

        Assert.Equal(["b", "c"], scheduler.Queued.Select(j => j.Job));
        var started = scheduler.Release("a");
        Assert.Equal(["b", "c"], started.Select(p => p.Job));
        Assert.Empty(scheduler.Queued);
    }

    [Fact]
    public void HigherPriority_GoesFirst()
    {
        var scheduler = ThreeWorkers(100);
        scheduler.Submit(new JobRequest("running", "alice", 0, 300));
        scheduler.Submit(new JobRequest("low", "alice", 0, 300));
        scheduler.Submit(new JobRequest("high", "bob", 5, 300));

        Assert.Equal(["high", "low"], scheduler.Queued.Select(j => j.Job));
        Assert.Equal("high", Assert.Single(scheduler.Release("running")).Job);
    }

    [Fact]
    public void WithinAPriority_TheOwnerHoldingLessGoesFirst()
    {
        var scheduler = ThreeWorkers(100);
        scheduler.Submit(new JobRequest("a1", "alice", 0, 200));
        scheduler.Submit(new JobRequest("a2", "alice", 0, 200));   // waits: 100 left
        scheduler.Submit(new JobRequest("b1", "bob", 0, 200));     // bob holds nothing: ahead of alice's second job

        Assert.Equal(["b1", "a2"], scheduler.Queued.Select(j => j.Job));
    }

    [Fact]
    public void AJobLargerThanTheCluster_IsRefusedWithTheNumbers()
    {
        var error = Assert.Throws<ArgumentException>(() => ThreeWorkers().Submit(new JobRequest("huge", "alice", 0, 3001)));
        Assert.Equal("job huge asks for 3001 particles but the cluster holds 3000 in all (3 workers)", error.Message);
    }

    [Fact]
    public void FiftyJobsAtOnce_AllRun_NoneLost_NeverOverCapacity_InAdmissionOrder()
    {
        var scheduler = ThreeWorkers(1000);
        var admitted = new List<string>();
        var released = new HashSet<string>();
        var random = new Random(3);
        for (int i = 0; i < 50; i++)
            admitted.AddRange(scheduler.Submit(new JobRequest($"job{i:00}", $"owner{i % 4}", 0, random.Next(100, 1200))).Select(p => p.Job));
        while (admitted.Count < 50)
        {
            Assert.All(scheduler.Free.Values, f => Assert.True(f >= 0));
            var finished = admitted.First(j => !released.Contains(j));
            released.Add(finished);
            admitted.AddRange(scheduler.Release(finished).Select(p => p.Job));
        }
        Assert.Equal(50, admitted.Count);
        Assert.Equal(50, admitted.Distinct().Count());
        Assert.Empty(scheduler.Queued);
        // With one priority and owners taking turns, no job starts before an earlier job of its own owner.
        foreach (var owner in Enumerable.Range(0, 4))
        {
            var own = admitted.Where(j => int.Parse(j[3..]) % 4 == owner).ToList();
            Assert.Equal(own.Order(StringComparer.Ordinal), own);
        }
    }

    [Fact]
    public void ReleasingAQueuedJob_RemovesIt_AndAnUnknownJobIsAnError()
    {
        var scheduler = ThreeWorkers(100);
        scheduler.Submit(new JobRequest("a", "alice", 0, 300));
        scheduler.Submit(new JobRequest("b", "bob", 0, 100));
        Assert.Empty(scheduler.Release("b"));
        Assert.Empty(scheduler.Queued);
        Assert.Throws<ArgumentException>(() => scheduler.Release("nope"));
    }

    [Fact]
    public void CancellingTheHeadOfTheQueue_AdmitsTheJobsItHeldBack()
    {
        var scheduler = ThreeWorkers();
        scheduler.Submit(new JobRequest("a", "alice", 0, 2500));
        scheduler.Submit(new JobRequest("b", "bob", 0, 1000));    // waits: 500 free
        scheduler.Submit(new JobRequest("c", "carol", 0, 400));   // would fit, but does not overtake b

        var started = scheduler.Release("b");

        Assert.Equal(["c"], started.Select(p => p.Job));
    }

    [Fact]
    public void AJobThatNoLongerFitsTheCluster_WaitsWithoutBlockingTheOthers()
    {
        var scheduler = ThreeWorkers();
        scheduler.Submit(new JobRequest("a", "alice", 0, 1500));
        Assert.Empty(scheduler.Submit(new JobRequest("big", "bob", 0, 2500)));   // fits the cluster, not its free room
        scheduler.RemoveWorker("w3");                                             // now larger than every worker together

        var started = scheduler.Submit(new JobRequest("c", "carol", 0, 200));

        Assert.Equal(["c"], started.Select(p => p.Job));
        Assert.Equal(["big"], scheduler.Queued.Select(q => q.Job));
    }
}
