using Polly;
using Polly.Retry;

namespace Orchestrator.Rewards.Remote;

/// <summary>
/// The resilience around one remote verifier, outermost first: retry with exponential backoff and jitter
/// on transient failures, the breaker (which so sees every attempt, not just every call), and the
/// per-attempt timeout. One pipeline per verifier, kept for its lifetime, so the breaker remembers.
/// </summary>
static class VerifierPipeline
{
    public static ResiliencePipeline Build(RemoteRewardOptions options, ConsecutiveFailureBreaker breaker, Action onRetry, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = options.Name };
        if (options.Retries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is { } e && TransientFailures.IsTransient(e)),
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = _ =>
                {
                    onRetry();
                    return ValueTask.CompletedTask;
                },
            });
        return builder
            .AddStrategy(_ => breaker)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
