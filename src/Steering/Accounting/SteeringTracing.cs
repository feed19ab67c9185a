using System.Diagnostics;

namespace Orchestrator.Steering.Accounting;

/// <summary>
/// The engine's spans (System.Diagnostics.Activity; a host exports them, e.g. over OTLP). Without a listener
/// StartActivity returns null and costs nothing.
/// </summary>
public static class SteeringTracing
{
    public const string SourceName = "Orchestrator.Steering";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>One verifier call: a batch of particles scored by the job's reward.</summary>
    public static Activity? StartVerifier(string reward, int rows) =>
        Source.StartActivity("verifier.score")?.SetTag("steer.reward", reward).SetTag("steer.rows", rows);
}
