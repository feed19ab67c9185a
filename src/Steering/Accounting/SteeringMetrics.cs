using System.Diagnostics.Metrics;

namespace Orchestrator.Steering.Accounting;

/// <summary>The engine's own metrics (System.Diagnostics.Metrics; a host exports them, e.g. to Prometheus).</summary>
public static class SteeringMetrics
{
    public const string MeterName = "Orchestrator.Steering";

    static readonly Meter Meter = new(MeterName);

    /// <summary>How long a verifier took to score one batch, tagged with the reward's name.</summary>
    public static readonly Histogram<double> VerifierSeconds =
        Meter.CreateHistogram<double>("steer.verifier.duration", "s", "time a verifier took to score one batch");
}
