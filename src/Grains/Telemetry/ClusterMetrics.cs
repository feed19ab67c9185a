using System.Diagnostics.Metrics;

namespace Orchestrator.Grains.Telemetry;

/// <summary>
/// What the cluster does, as metrics of this silo (System.Diagnostics.Metrics; the host exports them to Prometheus):
/// particle-steps run, particles held, resamplings and the bytes they moved against the naive plan, and the
/// coordinator's queue length (the workers' autoscaling signal).
/// </summary>
public static class ClusterMetrics
{
    public const string MeterName = "Orchestrator.Cluster";

    static readonly Meter Meter = new(MeterName);
    static int queueLength;

    public static readonly Counter<long> ParticleSteps = Meter.CreateCounter<long>("steer.particle_steps", "{particle-step}", "particle-steps run by this silo's shards");

    public static readonly UpDownCounter<long> Particles = Meter.CreateUpDownCounter<long>("steer.particles", "{particle}", "particles held by this silo's shards");

    public static readonly Counter<long> Resamplings = Meter.CreateCounter<long>("steer.resamplings", "{resampling}", "resamplings across shards decided by this silo's jobs");

    public static readonly Counter<long> MovedBytes = Meter.CreateCounter<long>("steer.moved_bytes", "By", "bytes resampling moved between shards");

    public static readonly Counter<long> NaiveBytes = Meter.CreateCounter<long>("steer.naive_bytes", "By", "bytes the naive plan (gather all, scatter all) would have moved");

    static ClusterMetrics() =>
        Meter.CreateObservableGauge("steer.queue_length", () => Volatile.Read(ref queueLength), "{job}", "jobs waiting for room (on the coordinator's silo)");

    /// <summary>The coordinator sets this whenever its queue changes.</summary>
    public static void SetQueueLength(int jobs) => Volatile.Write(ref queueLength, jobs);
}
