namespace Orchestrator.Contracts.Cluster;

/// <summary>
/// The cluster's one coordinator (key 0): knows the worker silos and their room, admits jobs in a fair order with
/// priorities, places their shards, queues what does not fit, and keeps every job's NFE budget and usage.
/// </summary>
public interface ICoordinatorGrain : IGrainWithIntegerKey
{
    /// <summary>Admits the job now or queues it. A job larger than the whole cluster is refused with an ArgumentException naming both sizes.</summary>
    Task<Admission> Request(AdmissionRequest request);

    /// <summary>The job ended (or was cancelled): its room is freed and waiting jobs that now fit are admitted.</summary>
    Task Release(string jobId);

    /// <summary>Denoiser rows the job has spent so far.</summary>
    Task ReportUsage(string jobId, long nfeUsed);

    Task<ClusterView> Describe();
}
