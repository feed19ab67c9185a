namespace Orchestrator.Rewards.Remote;

/// <summary>
/// Where a remote verifier lives and how hard to try it. Timeouts, retries and the breaker keep a
/// slow or dead service from stalling a job: a job waits at most about (Retries + 1) x AttemptTimeout
/// plus the backoff delays per call, and not at all while the circuit is open.
/// </summary>
public sealed record RemoteRewardOptions
{
    /// <summary>The service's scoring URL, e.g. http://127.0.0.1:5005/score.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The verifier's name in traces and error messages.</summary>
    public required string Name { get; init; }

    /// <summary>How long one HTTP attempt (request and whole answer) may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, on transient failures only: at most Retries + 1 attempts per call.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The first retry's delay; each further retry doubles it, with jitter so callers spread out.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Consecutive failed attempts (across calls) after which the circuit opens and calls fail at once.</summary>
    public int BreakAfterFailures { get; init; } = 5;

    /// <summary>How long an open circuit refuses calls before one trial attempt may test the service again.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Verifier-specific settings sent with every request (e.g. property=logp).</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Token id -> text, sent with token batches so the service can decode sequences by concatenation.</summary>
    public IReadOnlyList<string>? Vocabulary { get; init; }
}
