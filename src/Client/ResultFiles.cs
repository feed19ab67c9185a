using System.Text.Json;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Client;

/// <summary>The files a run writes: result.json (deterministic for a seed), timings.json (not) and, for image models, samples.png.</summary>
static class ResultFiles
{
    public const string ResultName = "result.json";
    public const string TimingsName = "timings.json";
    public const string SamplesImageName = "samples.png";

    public static void Write(DirectoryInfo output, JobResult result, JobTimings timings) => Write(output, result, (object)timings);

    /// <summary>
    /// A cluster's result: result.json and pictures, and timings.json when the caller measured any (a cluster reports
    /// no denoiser or reward seconds back, so only what the client saw).
    /// </summary>
    public static void Write(DirectoryInfo output, JobResult result, ClusterTimings? timings) => Write(output, result, (object?)timings);

    static void Write(DirectoryInfo output, JobResult result, object? timings)
    {
        output.Create();
        File.WriteAllText(Path.Combine(output.FullName, ResultName), JobResultJson.Serialize(result));
        if (timings is not null) File.WriteAllText(Path.Combine(output.FullName, TimingsName), JsonSerializer.Serialize(timings, timings.GetType(), JobSpecJson.Options));
        // Image models also get a picture of their samples, in particle order (at most 256).
        if (ImageGrid.CanDraw(result.SampleShape) && result.Samples.Length > 0)
            ImageGrid.Write(Path.Combine(output.FullName, SamplesImageName), result.Samples.Take(256).ToArray(), result.SampleShape, columns: 16);
    }
}

/// <summary>What a client measures of a cluster job: from submission to its end, queueing included.</summary>
sealed record ClusterTimings(double WallSeconds, double ParticleStepsPerSecond);
