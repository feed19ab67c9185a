using Orchestrator.Contracts.Cluster;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Placement;

namespace Orchestrator.Grains.Jobs;

[GenerateSerializer]
public sealed class JobIndexRecord
{
    [Id(0)] public List<string> Jobs { get; set; } = [];
}

/// <summary>One owner's job ids, in submission order, in grain storage (see IJobIndexGrain).</summary>
[CoordinatorPlacement]
public sealed class JobIndexGrain([PersistentState("jobs", ClusterSetup.Storage)] IPersistentState<JobIndexRecord> record) : Grain, IJobIndexGrain
{
    public async Task Add(string jobId)
    {
        if (record.State.Jobs.Contains(jobId)) return;
        record.State.Jobs.Add(jobId);
        await record.WriteStateAsync();
    }

    public Task<string[]> List(int skip, int count)
    {
        var jobs = record.State.Jobs;
        return Task.FromResult(Enumerable.Range(0, jobs.Count).Reverse().Skip(Math.Max(0, skip)).Take(Math.Clamp(count, 0, 1000)).Select(i => jobs[i]).ToArray());
    }
}
