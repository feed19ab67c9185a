using System.Net.Http.Headers;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Orchestrator.Rewards.Remote;

/// <summary>
/// A verifier that runs in another process and answers over HTTP (docs/remote-verifier-protocol.md): a
/// molecule checker, a classifier on a GPU box, anything that speaks the protocol. Transient failures are
/// retried; whatever still fails stops the job with a <see cref="RewardException"/> that names the service
/// and says what it did. Cancelling the caller's token cancels the call, never counted as a failure.
/// </summary>
public sealed class RemoteReward : IReward
{
    readonly HttpClient http;
    readonly ConsecutiveFailureBreaker breaker;
    readonly ResiliencePipeline pipeline;
    int attempts;
    int retries;

    /// <param name="options">The service and how hard to try it.</param>
    /// <param name="http">Sends the requests; not owned. Its own Timeout should exceed <see cref="RemoteRewardOptions.AttemptTimeout"/>.</param>
    /// <param name="time">The clock of the timeouts, backoff and breaker; the system clock unless a test sets one.</param>
    public RemoteReward(RemoteRewardOptions options, HttpClient http, TimeProvider? time = null)
    {
        Options = Validated(options);
        this.http = http;
        time ??= TimeProvider.System;
        breaker = new ConsecutiveFailureBreaker(options.BreakAfterFailures, options.BreakDuration, TransientFailures.IsTransient, time);
        pipeline = VerifierPipeline.Build(options, breaker, () => Interlocked.Increment(ref retries), time);
    }

    public RemoteRewardOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>HTTP attempts made so far, over all calls.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>Attempts that were retries of a transient failure, over all calls.</summary>
    public int Retries => Volatile.Read(ref retries);

    /// <summary>True while the breaker refuses calls (or lets one trial through).</summary>
    public bool IsCircuitOpen => breaker.IsOpen;

    string Describe => $"remote verifier '{Name}' at {Options.Endpoint}";

    public async ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var call = new Call(this, VerifierProtocol.Write(ScoreRequest.From(batch, Options.Options, Options.Vocabulary)));
        double[] scores;
        try
        {
            scores = await pipeline.ExecuteAsync(static (call, token) => call.Owner.AttemptAsync(call, token), call, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is BrokenCircuitException or TimeoutRejectedException or AttemptFailure)
        {
            throw new RewardException(Failure(e, call.Attempts));
        }
        if (scores.Length != batch.Rows)
            throw new RewardException($"{Describe} returned {scores.Length} scores for {batch.Rows} particles");
        return scores;
    }

    async ValueTask<double[]> AttemptAsync(Call call, CancellationToken token)
    {
        Interlocked.Increment(ref attempts);
        Interlocked.Increment(ref call.Attempts);
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.Endpoint) { Content = new ByteArrayContent(call.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(VerifierProtocol.MediaType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(VerifierProtocol.MediaType));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw AttemptFailure.Unreachable(e);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw AttemptFailure.ClientTimeout(http.Timeout);
        }
        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw AttemptFailure.BrokenAnswer(e);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw AttemptFailure.ClientTimeout(http.Timeout);
            }
            if (!response.IsSuccessStatusCode) throw AttemptFailure.Status(response.StatusCode, response.ReasonPhrase, body);
            try
            {
                return VerifierProtocol.ReadResponse(body).Scores;
            }
            catch (InvalidDataException e)
            {
                throw AttemptFailure.Malformed(body.Length, e);
            }
        }
    }

    /// <summary>The message for a call that failed after <paramref name="callAttempts"/> attempts.</summary>
    string Failure(Exception failure, int callAttempts) => failure switch
    {
        BrokenCircuitException open when callAttempts == 0 =>
            $"{Describe}: circuit is open after {breaker.Threshold} consecutive failures (the last {What(open.InnerException)}); not called",
        BrokenCircuitException open =>
            $"{Describe} failed {AttemptCount(callAttempts)} and its circuit is now open after {breaker.Threshold} consecutive failures " +
            $"(the last {What(open.InnerException)}); not called again for {Durations.Text(breaker.BreakDuration)}",
        TimeoutRejectedException when callAttempts > 1 =>
            $"{Describe} timed out after {callAttempts} attempts ({Durations.Text(Options.AttemptTimeout)} each)",
        TimeoutRejectedException => $"{Describe} timed out after {Durations.Text(Options.AttemptTimeout)} (1 attempt, no retries configured)",
        AttemptFailure { IsTransient: true } when callAttempts > 1 => $"{Describe} failed {AttemptCount(callAttempts)} (the last {What(failure)})",
        AttemptFailure { IsTransient: true } => $"{Describe} {What(failure)} (1 attempt, no retries configured)",
        _ => $"{Describe} {What(failure)}; not retried",
    };

    string What(Exception? failure) => failure switch
    {
        TimeoutRejectedException => $"timed out after {Durations.Text(Options.AttemptTimeout)}",
        null => "failure is unknown",
        _ => failure.Message,
    };

    static string AttemptCount(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    static RemoteRewardOptions Validated(RemoteRewardOptions options)
    {
        if (!options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"remote verifier '{options.Name}': endpoint {options.Endpoint} is not an absolute http(s) URL");
        if (string.IsNullOrWhiteSpace(options.Name)) throw new ArgumentException("a remote verifier needs a name");
        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10)) throw new ArgumentException($"remote verifier '{options.Name}': the attempt timeout must be at least 10 ms");
        if (options.Retries < 0) throw new ArgumentException($"remote verifier '{options.Name}': retries cannot be negative");
        if (options.RetryBaseDelay < TimeSpan.Zero) throw new ArgumentException($"remote verifier '{options.Name}': the retry delay cannot be negative");
        if (options.BreakAfterFailures < 1) throw new ArgumentException($"remote verifier '{options.Name}': at least one failure must open the circuit");
        if (options.BreakDuration <= TimeSpan.Zero) throw new ArgumentException($"remote verifier '{options.Name}': the break duration must be positive");
        return options;
    }

    /// <summary>One call's request body and how many attempts it has made.</summary>
    sealed class Call(RemoteReward owner, byte[] body)
    {
        public readonly RemoteReward Owner = owner;
        public readonly byte[] Body = body;
        public int Attempts;
    }
}
