using Orchestrator.Rewards.Remote;
using Polly;
using Polly.CircuitBreaker;

namespace Orchestrator.Rewards.Tests.Remote;

public class ConsecutiveFailureBreakerTests
{
    /// <summary>A clock that moves only when told, so break durations pass without waiting.</summary>
    sealed class ManualClock : TimeProvider
    {
        DateTimeOffset now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    readonly ManualClock clock = new();
    readonly ConsecutiveFailureBreaker breaker;
    readonly ResiliencePipeline pipeline;
    int calls;

    public ConsecutiveFailureBreakerTests()
    {
        breaker = new ConsecutiveFailureBreaker(3, TimeSpan.FromSeconds(30), TransientFailures.IsTransient, clock);
        pipeline = new ResiliencePipelineBuilder().AddStrategy(_ => breaker).Build();
    }

    async Task<Exception?> RunAsync(Exception? failure, CancellationToken cancellationToken = default)
    {
        try
        {
            await pipeline.ExecuteAsync(_ =>
            {
                calls++;
                return failure is null ? ValueTask.CompletedTask : ValueTask.FromException(failure);
            }, cancellationToken);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    static Exception Transient() => new AttemptFailure("answered 503 Service Unavailable", isTransient: true);

    [Fact]
    public async Task Opens_after_the_threshold_of_failures_in_a_row_and_then_refuses_without_calling()
    {
        for (int i = 0; i < 3; i++) await RunAsync(Transient());
        Assert.True(breaker.IsOpen);

        var refusal = Assert.IsType<BrokenCircuitException>(await RunAsync(null));
        Assert.Equal(3, calls);
        Assert.IsType<AttemptFailure>(refusal.InnerException);
        Assert.Equal(TimeSpan.FromSeconds(30), refusal.RetryAfter);
    }

    [Fact]
    public async Task A_success_resets_the_count()
    {
        foreach (var failure in new[] { Transient(), Transient(), null, Transient(), Transient() }) await RunAsync(failure);
        Assert.False(breaker.IsOpen);
        Assert.Equal(2, breaker.ConsecutiveFailures);
    }

    [Fact]
    public async Task After_the_break_one_trial_goes_through_and_its_success_closes_the_circuit()
    {
        for (int i = 0; i < 3; i++) await RunAsync(Transient());
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(await RunAsync(null));
        Assert.Equal(4, calls);
        Assert.False(breaker.IsOpen);
        Assert.Equal(0, breaker.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_failed_trial_opens_the_circuit_for_another_break()
    {
        for (int i = 0; i < 3; i++) await RunAsync(Transient());
        clock.Advance(TimeSpan.FromSeconds(31));

        Assert.IsType<AttemptFailure>(await RunAsync(Transient()));
        Assert.IsType<BrokenCircuitException>(await RunAsync(null));
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task Final_failures_and_caller_cancellations_do_not_count()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        for (int i = 0; i < 5; i++)
        {
            await RunAsync(new AttemptFailure("answered 400 Bad Request", isTransient: false));
            await RunAsync(new OperationCanceledException(cancelled.Token), cancelled.Token);
        }
        Assert.False(breaker.IsOpen);
        Assert.Equal(0, breaker.ConsecutiveFailures);
    }
}
