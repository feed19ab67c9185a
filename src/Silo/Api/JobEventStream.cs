using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Contracts.Cluster;

namespace Orchestrator.Silo.Api;

/// <summary>
/// GET /jobs/{id}/events: one `step` event per step done, in order, then `end` with the final status. It follows the
/// job grain's WaitForChange long-poll (no polling), so the stream ends when the job finishes or the client leaves.
/// </summary>
public static class JobEventStream
{
    /// <summary>One WaitForChange call waits at most this long: well below Orleans' 30 s response timeout.</summary>
    static readonly TimeSpan ChangeWait = TimeSpan.FromSeconds(10);

    public static IResult For(IJobGrain job, JobStatus status, IOptions<JsonOptions> json, CancellationToken aborted) =>
        TypedResults.ServerSentEvents(Follow(job, status, json.Value.SerializerOptions, aborted));

    static async IAsyncEnumerable<SseItem<string>> Follow(IJobGrain job, JobStatus status, JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken aborted)
    {
        var sent = 0;
        while (true)
        {
            // After a lost shard the trace is cut back to a checkpoint and replayed; steps already sent are not repeated.
            if (status.StepsDone > sent)
                foreach (var step in await job.GetProgress(sent))
                {
                    sent++;
                    yield return new SseItem<string>(JsonSerializer.Serialize(step, options), "step");
                }
            if (status.IsFinished) break;
            status = await job.WaitForChange(status.StepsDone, status.Events.Length, ChangeWait).WaitAsync(aborted);
        }
        yield return new SseItem<string>(JsonSerializer.Serialize(status, options), "end");
    }
}
