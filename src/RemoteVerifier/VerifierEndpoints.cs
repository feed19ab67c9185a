using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Rewards.Remote;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.RemoteVerifier;

/// <summary>Serves an <see cref="IReward"/> over the remote verifier protocol (docs/remote-verifier-protocol.md).</summary>
public static class VerifierEndpoints
{
    /// <summary>
    /// POST /score scores a batch; GET /health answers 200. A body that is not a valid request gets 400,
    /// a batch the reward cannot take (its ArgumentException) 422; both are final for clients. Anything
    /// else the reward throws gets 500, which clients retry.
    /// </summary>
    public static IEndpointRouteBuilder MapVerifier(this IEndpointRouteBuilder routes, IReward reward)
    {
        routes.MapGet(VerifierProtocol.HealthPath, () => Results.Text($"ok: {reward.Name}"));
        routes.MapPost(VerifierProtocol.ScorePath, (HttpRequest request, CancellationToken cancellationToken) =>
            ScoreAsync(reward, request, cancellationToken));
        return routes;
    }

    static async Task<IResult> ScoreAsync(IReward reward, HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        ScoreRequest scoreRequest;
        try
        {
            scoreRequest = VerifierProtocol.ReadRequest(body.GetBuffer().AsMemory(0, (int)body.Length));
            var batch = scoreRequest.ToBatch();
            var scores = await reward.ScoreAsync(batch, cancellationToken);
            return Results.Bytes(VerifierProtocol.Write(new ScoreResponse { Scores = scores }), VerifierProtocol.MediaType);
        }
        catch (InvalidDataException e)
        {
            return Results.Text($"bad request: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ArgumentException e)
        {
            return Results.Text($"reward '{reward.Name}' cannot score this batch: {e.Message}", statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
