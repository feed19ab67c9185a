namespace Orchestrator.Contracts.Cluster;

/// <summary>Job ids: made by whoever submits (CLI, API), short enough to type.</summary>
public static class JobIds
{
    public static string New() => "job-" + Guid.NewGuid().ToString("N")[..12];
}
