using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orchestrator.Rewards.Remote;
using Orchestrator.Rewards.Tests.Support;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.Tests.Remote;

/// <summary>What a remote verifier does when its service fails, hangs or answers wrongly.</summary>
public sealed class RemoteRewardFaultTests : IAsyncLifetime
{
    static readonly HttpClient Http = new();
    static readonly SampleBatch Batch = SampleBatch.Continuous(4, [2], [1, 3, 2, 2, 0, 0, -1, 5]);
    static readonly double[] MeanScores = [2, 2, 0, 2];

    FaultyVerifier service = null!;

    public async Task InitializeAsync() => service = await FaultyVerifier.StartAsync();

    public async Task DisposeAsync() => await service.DisposeAsync();

    RemoteReward Remote(int retries = 3, int breakAfter = 100, int attemptTimeoutMs = 5000, Uri? endpoint = null) => new(new RemoteRewardOptions
    {
        Endpoint = endpoint ?? service.Endpoint,
        Name = "flaky",
        AttemptTimeout = TimeSpan.FromMilliseconds(attemptTimeoutMs),
        Retries = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        BreakAfterFailures = breakAfter,
        BreakDuration = TimeSpan.FromMinutes(5),
    }, Http);

    static async Task<string> FailureAsync(RemoteReward remote) =>
        (await Assert.ThrowsAsync<RewardException>(async () => await remote.ScoreAsync(Batch, default))).Message;

    [Fact]
    public async Task Transient_503s_are_retried_and_the_answer_is_right()
    {
        service.Plan(Fault.Unavailable, Fault.Unavailable);
        var remote = Remote(retries: 3);

        Assert.Equal(MeanScores, await remote.ScoreAsync(Batch, default));

        Assert.Equal(3, service.Hits);
        Assert.Equal(3, remote.Attempts);
        Assert.Equal(2, remote.Retries);
    }

    [Fact]
    public async Task Failures_that_outlast_the_retries_name_the_attempts_and_the_last_answer()
    {
        service.FailAlways(Fault.Unavailable);
        var remote = Remote(retries: 2);

        Assert.Equal(
            $"remote verifier 'flaky' at {service.Endpoint} failed 3 attempts (the last answered 503 Service Unavailable: warming up)",
            await FailureAsync(remote));
        Assert.Equal(3, service.Hits);
    }

    [Fact]
    public async Task An_attempt_slower_than_the_timeout_fails_after_the_configured_attempts_without_hanging()
    {
        service.FailAlways(Fault.Hang);
        var remote = Remote(retries: 2, attemptTimeoutMs: 200);
        var clock = Stopwatch.StartNew();

        var message = await FailureAsync(remote);

        Assert.Equal($"remote verifier 'flaky' at {service.Endpoint} timed out after 3 attempts (200 ms each)", message);
        Assert.Equal(3, remote.Attempts);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_malformed_body_fails_at_once_with_a_clear_message()
    {
        service.Plan(Fault.Malformed);
        var remote = Remote();

        Assert.Equal(
            $"remote verifier 'flaky' at {service.Endpoint} returned a malformed body (28 bytes): " +
            "not a MessagePack ScoreResponse: Unexpected msgpack code 60 (positive fixint) encountered; not retried",
            await FailureAsync(remote));
        Assert.Equal(1, service.Hits);
    }

    [Fact]
    public async Task A_wrong_number_of_scores_fails_with_a_clear_message()
    {
        service.Plan(Fault.WrongCount);
        Assert.Equal($"remote verifier 'flaky' at {service.Endpoint} returned 3 scores for 4 particles", await FailureAsync(Remote()));
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        service.Plan(Fault.BadRequest);
        var remote = Remote(retries: 3);

        Assert.Equal(
            $"remote verifier 'flaky' at {service.Endpoint} answered 400 Bad Request: shape does not fit; not retried",
            await FailureAsync(remote));
        Assert.Equal(1, service.Hits);
        Assert.Equal(0, remote.Retries);
    }

    [Fact]
    public async Task An_unreachable_service_is_retried_then_reported()
    {
        var remote = Remote(retries: 1, endpoint: new Uri($"http://127.0.0.1:{ClosedPort()}/score"));

        var message = await FailureAsync(remote);

        Assert.StartsWith($"remote verifier 'flaky' at {remote.Options.Endpoint} failed 2 attempts (the last could not be reached: ", message);
        Assert.Contains("refused", message);
    }

    [Fact]
    public async Task After_enough_consecutive_failures_the_circuit_opens_and_calls_stop_reaching_the_service()
    {
        service.FailAlways(Fault.Unavailable);
        var remote = Remote(retries: 1, breakAfter: 3);

        await FailureAsync(remote);
        Assert.Equal(
            $"remote verifier 'flaky' at {service.Endpoint} failed 1 attempt and its circuit is now open after 3 consecutive failures " +
            "(the last answered 503 Service Unavailable: warming up); not called again for 300 s",
            await FailureAsync(remote));
        Assert.Equal(3, service.Hits);

        Assert.Equal(
            $"remote verifier 'flaky' at {service.Endpoint}: circuit is open after 3 consecutive failures " +
            "(the last answered 503 Service Unavailable: warming up); not called",
            await FailureAsync(remote));
        Assert.Equal(3, service.Hits);
        Assert.True(remote.IsCircuitOpen);
    }

    [Fact]
    public async Task Caller_cancellation_stops_a_hanging_call_promptly_and_is_not_a_failure()
    {
        service.Plan(Fault.Hang);
        var remote = Remote(retries: 3, breakAfter: 1, attemptTimeoutMs: 30_000);
        using var cancellation = new CancellationTokenSource();
        var call = remote.ScoreAsync(Batch, cancellation.Token);

        // Cancel only once the request hangs at the service: a fixed delay could fire before the
        // request arrived (a slow first connection), leaving the planned hang to the next call.
        await service.Hanging.WaitAsync(TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await call);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.False(remote.IsCircuitOpen);
        Assert.Equal(MeanScores, await remote.ScoreAsync(Batch, default));
    }

    /// <summary>A loopback port nothing listens on (just released by a listener of our own).</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
