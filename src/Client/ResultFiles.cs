using System.Text.Json;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Pictures;

namespace Orchestrator.Client;

/// <summary>The files a run writes: result.json (deterministic for a seed), timings.json (not) and, for image models, samples.png.</summary>
static class ResultFiles
{
    public const string ResultName = "result.json";
    public const string TimingsName = "timings.json";
    public const string SamplesImageName = "samples.png";

    /// <summary>
    /// result.json, timings.json when there are timings (a cluster job's denoiser and reward seconds are its shards'
    /// summed, so they can exceed the wall time), and pictures.
    /// </summary>
    public static void Write(DirectoryInfo output, JobResult result, JobTimings? timings)
    {
        output.Create();
        File.WriteAllText(Path.Combine(output.FullName, ResultName), JobResultJson.Serialize(result));
        if (timings is not null) File.WriteAllText(Path.Combine(output.FullName, TimingsName), JsonSerializer.Serialize(timings, JobSpecJson.Options));
        // Image models also get a picture of their samples, in particle order (at most 256).
        if (ImageGrid.CanDraw(result.SampleShape) && result.Samples.Length > 0)
            ImageGrid.Write(Path.Combine(output.FullName, SamplesImageName), result.Samples.Take(256).ToArray(), result.SampleShape, columns: 16);
    }
}

