using System.Collections.Concurrent;

namespace Orchestrator.Silo.Api;

/// <summary>
/// Which jobs each owner submitted, for GET /jobs: in memory, and only the jobs submitted through this host since it
/// started. Jobs submitted through another silo or the CLI, or before a restart, are not listed (they can still be
/// read by id). A cluster-wide index would be a grain of its own.
/// </summary>
public sealed class OwnerJobIndex
{
    readonly ConcurrentDictionary<string, ConcurrentQueue<string>> jobs = new();

    public void Add(string owner, string jobId) => jobs.GetOrAdd(owner, _ => new()).Enqueue(jobId);

    /// <summary>The owner's job ids, oldest first.</summary>
    public IReadOnlyList<string> Of(string owner) => jobs.TryGetValue(owner, out var ids) ? [.. ids] : [];
}
