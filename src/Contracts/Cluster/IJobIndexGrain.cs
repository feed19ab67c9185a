namespace Orchestrator.Contracts.Cluster;

/// <summary>
/// The jobs one owner has submitted, in submission order (key: the owner), kept in grain storage: what "list my jobs"
/// reads, whichever host or client the jobs came through. The job grain adds itself when it is submitted.
/// </summary>
public interface IJobIndexGrain : IGrainWithStringKey
{
    Task Add(string jobId);

    /// <summary>Up to <paramref name="count"/> job ids, newest first, after skipping the <paramref name="skip"/> newest.</summary>
    Task<string[]> List(int skip, int count);
}
