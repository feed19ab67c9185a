using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orchestrator.RemoteVerifier;
using Orchestrator.Rewards.Remote;

namespace Orchestrator.Rewards.Tests.Support;

/// <summary>Ways a verifier service can misbehave.</summary>
enum Fault { Unavailable, BadRequest, Hang, Malformed, WrongCount }

/// <summary>
/// A verifier service that misbehaves on demand: each request takes the next planned fault (or the
/// standing one), and once there is none it answers correctly with <see cref="MeanValueReward"/>.
/// </summary>
sealed class FaultyVerifier : IAsyncDisposable
{
    readonly ConcurrentQueue<Fault> plan = new();
    LoopbackServer? server;
    readonly TaskCompletionSource hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Fault? standing;
    int hits;

    public static async Task<FaultyVerifier> StartAsync()
    {
        var verifier = new FaultyVerifier();
        verifier.server = await LoopbackServer.StartAsync(app => app.MapPost(VerifierProtocol.ScorePath, verifier.AnswerAsync));
        return verifier;
    }

    public Uri Endpoint => server!.ScoreEndpoint;

    /// <summary>Requests that reached the service.</summary>
    public int Hits => Volatile.Read(ref hits);

    /// <summary>Completes when the first request that hangs has reached the service and started hanging.</summary>
    public Task Hanging => hanging.Task;

    /// <summary>The next requests fail these ways, in order.</summary>
    public void Plan(params Fault[] faults)
    {
        foreach (var fault in faults) plan.Enqueue(fault);
    }

    /// <summary>Every request fails this way once the plan is used up.</summary>
    public void FailAlways(Fault fault) => standing = fault;

    async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref hits);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        Fault? fault = plan.TryDequeue(out var next) ? next : standing;
        switch (fault)
        {
            case Fault.Unavailable:
                await Text(context, StatusCodes.Status503ServiceUnavailable, "warming up");
                return;
            case Fault.BadRequest:
                await Text(context, StatusCodes.Status400BadRequest, "shape does not fit");
                return;
            case Fault.Hang:
                hanging.TrySetResult();
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server!.Stopping))
                    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case Fault.Malformed:
                await Text(context, StatusCodes.Status200OK, "<html>not MessagePack</html>");
                return;
        }
        var scores = await new MeanValueReward().ScoreAsync(VerifierProtocol.ReadRequest(body.ToArray()).ToBatch(), context.RequestAborted);
        if (fault == Fault.WrongCount) scores = scores[..^1];
        context.Response.ContentType = VerifierProtocol.MediaType;
        await context.Response.Body.WriteAsync(VerifierProtocol.Write(new ScoreResponse { Scores = scores }), context.RequestAborted);
    }

    static async Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}
