using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Orchestrator.Silo.Health;

/// <summary>
/// Follows the silo through its lifecycle: started once every start-up stage (the coordinator's start-up task
/// included) has run, stopping from the first stop stage. Health checks read it; the HTTP server starts before the
/// silo and stops after it, so both ends of the silo's life are visible over HTTP.
/// </summary>
public sealed class SiloLifecycleWatch : ILifecycleParticipant<ISiloLifecycle>
{
    volatile bool started;
    volatile bool stopping;

    public bool Started => started;

    public bool Stopping => stopping;

    public void Participate(ISiloLifecycle lifecycle) =>
        // Last stage: start-up tasks run at Active, so this observer starts after them and stops before they do.
        lifecycle.Subscribe(nameof(SiloLifecycleWatch), ServiceLifecycleStage.Last,
            _ => { started = true; return Task.CompletedTask; },
            _ => { stopping = true; return Task.CompletedTask; });
}

/// <summary>Startup probe: healthy once the silo has started (joined its cluster and run its start-up tasks).</summary>
public sealed class SiloStartedCheck(SiloLifecycleWatch watch) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(watch.Started ? HealthCheckResult.Healthy("silo started") : HealthCheckResult.Unhealthy("silo is still starting"));
}

/// <summary>
/// Liveness probe: healthy while the silo runs, and also while it stops gracefully (a failing liveness probe gets a
/// process killed, which would cut the graceful stop short). Unhealthy once membership has declared it dead: such a
/// silo never comes back, so the process should be restarted.
/// </summary>
public sealed class SiloLiveCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Dead
            ? HealthCheckResult.Unhealthy("silo is dead in the cluster's membership")
            : HealthCheckResult.Healthy($"silo is {oracle.CurrentStatus}"));
}

/// <summary>
/// Readiness probe: the silo is Active in the cluster's membership, not stopping, and, on a coordinator silo, the
/// coordinator grain answers (it holds admission; a coordinator silo that cannot reach it should get no traffic).
/// </summary>
public sealed class SiloReadyCheck(
    SiloLifecycleWatch watch,
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IGrainFactory grains,
    IOptions<SteerClusterOptions> options) : IHealthCheck
{
    /// <summary>Long enough for a busy coordinator, short enough to answer within a probe's timeout.</summary>
    static readonly TimeSpan CoordinatorAnswerLimit = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (watch.Stopping) return HealthCheckResult.Unhealthy("silo is stopping");
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        if (status != SiloStatus.Active) return HealthCheckResult.Unhealthy($"silo is {status} in membership, not Active");
        if (!options.Value.IsCoordinator) return HealthCheckResult.Healthy("silo is Active");
        try
        {
            var view = await grains.GetGrain<ICoordinatorGrain>(0).Describe().WaitAsync(CoordinatorAnswerLimit, cancellationToken);
            return HealthCheckResult.Healthy($"silo is Active; coordinator sees {view.Workers.Length} worker(s), {view.Running.Length} running and {view.Queued.Length} queued job(s)");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"coordinator did not answer within {CoordinatorAnswerLimit.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"coordinator failed to answer: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }
}
