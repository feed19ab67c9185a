using Polly;
using Polly.CircuitBreaker;

namespace Orchestrator.Rewards.Remote;

/// <summary>
/// A circuit breaker that opens after a number of failures in a row, as a Polly strategy. Polly 8's own
/// breaker opens on a failure ratio within a sampling window, which cannot say "N in a row": a success
/// early in the window keeps it shut, and a slow service fails too rarely per window to trip it. After
/// the break, one trial attempt goes through; success closes the circuit, failure opens it again.
/// Caller cancellations count neither way.
/// </summary>
sealed class ConsecutiveFailureBreaker(int threshold, TimeSpan breakDuration, Func<Exception, bool> isFailure, TimeProvider time)
    : ResilienceStrategy
{
    readonly Lock gate = new();
    int failures;
    DateTimeOffset? openUntil;
    bool trialInFlight;
    Exception? lastFailure;

    public int Threshold { get; } = threshold >= 1 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), "at least one failure must open the circuit");

    public TimeSpan BreakDuration { get; } = breakDuration;

    /// <summary>Failures since the last success.</summary>
    public int ConsecutiveFailures { get { lock (gate) return failures; } }

    public bool IsOpen { get { lock (gate) return openUntil is not null; } }

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        if (Refusal(out var isTrial) is { } refusal) return Outcome.FromException<TResult>(refusal);
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        Record(outcome.Exception, isTrial, context.CancellationToken);
        return outcome;
    }

    /// <summary>Null when the attempt may go ahead (marking it the trial when the break is over), else why not.</summary>
    BrokenCircuitException? Refusal(out bool isTrial)
    {
        lock (gate)
        {
            isTrial = false;
            if (openUntil is not { } until) return null;
            var now = time.GetUtcNow();
            if (now >= until && !trialInFlight)
            {
                trialInFlight = isTrial = true;
                return null;
            }
            var retryAfter = now >= until ? TimeSpan.Zero : until - now;
            return new BrokenCircuitException($"the circuit is open after {failures} consecutive failures", retryAfter, lastFailure!);
        }
    }

    void Record(Exception? exception, bool isTrial, CancellationToken cancellation)
    {
        lock (gate)
        {
            if (isTrial) trialInFlight = false;
            if (exception is OperationCanceledException && cancellation.IsCancellationRequested) return;
            if (exception is not null && isFailure(exception))
            {
                failures++;
                lastFailure = exception;
                if (isTrial || failures >= Threshold) openUntil = time.GetUtcNow() + BreakDuration;
            }
            else
            {
                failures = 0;
                openUntil = null;
            }
        }
    }
}
