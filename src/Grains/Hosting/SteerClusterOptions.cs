using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Hosting;

/// <summary>
/// How one silo takes part in the cluster (configuration section "Steer"). Validated at start: a silo with a
/// setting out of range does not start, and says which.
/// </summary>
public sealed class SteerClusterOptions
{
    public const string Section = "Steer";

    /// <summary>"coordinator", "worker" or "coordinator,worker" (the embedded default: one silo does everything).</summary>
    [Required, RegularExpression("^(coordinator|worker|coordinator,worker|worker,coordinator)$", ErrorMessage = "Steer:Roles must be coordinator, worker or coordinator,worker")]
    public string Roles { get; set; } = "coordinator,worker";

    /// <summary>Particles this worker can hold (its share of the cluster's room).</summary>
    [Range(1, int.MaxValue)]
    public int Capacity { get; set; } = 65_536;

    /// <summary>"memory" (one process; lost with it) or "redis" (survives silos and restarts).</summary>
    [Required, RegularExpression("^(memory|redis)$", ErrorMessage = "Steer:Storage must be memory or redis")]
    public string Storage { get; set; } = "memory";

    /// <summary>"localhost" (one machine, the embedded default) or "redis" (membership in Redis).</summary>
    [Required, RegularExpression("^(localhost|redis)$", ErrorMessage = "Steer:Clustering must be localhost or redis")]
    public string Clustering { get; set; } = "localhost";

    /// <summary>Redis connection string, when storage or clustering is redis.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// A shard's particles are checkpointed at the first selection point this many steps after the last checkpoint
    /// (1: at every one). Checkpoints cost a copy of every particle; a lost shard costs a replay of up to this many steps.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CheckpointEverySteps { get; set; } = 10;

    /// <summary>Longest a shard runs steps in one call before reporting back (calls must stay far below Orleans' 30 s response timeout).</summary>
    public TimeSpan ShardTimeSlice { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Jobs are spread over one worker per this many particles (as far as workers go), so large jobs run in parallel.</summary>
    [Range(1, int.MaxValue)]
    public int MinShardParticles { get; set; } = 256;

    /// <summary>How often the coordinator looks for joined or lost workers and wakes running jobs whose silo restarted.</summary>
    public TimeSpan CoordinatorTick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a job recovers from lost shards before it fails.</summary>
    [Range(0, 100)]
    public int RecoveryAttempts { get; set; } = 8;

    public bool IsWorker => Roles.Split(',').Contains("worker");

    public bool IsCoordinator => Roles.Split(',').Contains("coordinator");

    /// <summary>Problems that attributes cannot express: Redis named but no connection string.</summary>
    public IEnumerable<string> Problems()
    {
        if ((Storage == "redis" || Clustering == "redis") && string.IsNullOrWhiteSpace(Redis))
            yield return "Steer:Redis must be a connection string when Steer:Storage or Steer:Clustering is redis";
        if (ShardTimeSlice <= TimeSpan.Zero || ShardTimeSlice > TimeSpan.FromSeconds(20))
            yield return $"Steer:ShardTimeSlice must be between 0 and 20 s (got {ShardTimeSlice})";
        if (CoordinatorTick < TimeSpan.FromMilliseconds(100))
            yield return $"Steer:CoordinatorTick must be at least 100 ms (got {CoordinatorTick})";
    }

    /// <summary>Every problem with these options, attributes and cross-field checks together; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "invalid"), .. Problems()];
    }
}
