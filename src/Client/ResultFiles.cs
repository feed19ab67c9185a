using System.Text.Json;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Pictures;

namespace Orchestrator.Client;

/// <summary>
/// The files a run writes: result.json (deterministic for a seed), timings.json (not), and pictures: samples.png for
/// image models, scatter.png for 2-D models, progress.png (ESS and reward over the steps) for every job with a trace.
/// </summary>
static class ResultFiles
{
    public const string ResultName = "result.json";
    public const string TimingsName = "timings.json";
    public const string SamplesImageName = "samples.png";
    public const string ScatterImageName = "scatter.png";
    public const string ProgressImageName = "progress.png";

    /// <summary>
    /// result.json, timings.json when there are timings (a cluster job's denoiser and reward seconds are its shards'
    /// summed, so they can exceed the wall time), and pictures. Returns the full path of each file written, by kind
    /// (result, timings, samples, scatter, progress), in the order written.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Write(DirectoryInfo output, JobResult result, JobTimings? timings)
    {
        output.Create();
        var files = new Dictionary<string, string>();
        string PathOf(string kind, string name) => files[kind] = Path.Combine(output.FullName, name);

        File.WriteAllText(PathOf("result", ResultName), JobResultJson.Serialize(result));
        if (timings is not null) File.WriteAllText(PathOf("timings", TimingsName), JsonSerializer.Serialize(timings, JobSpecJson.Options));
        // Image models: their samples in particle order (at most 256).
        if (ImageGrid.CanDraw(result.SampleShape) && result.Samples.Length > 0)
            ImageGrid.Write(PathOf("samples", SamplesImageName), result.Samples.Take(256).ToArray(), result.SampleShape, columns: 16);
        // 2-D models: the final particles, by weight.
        if (ParticleScatter.CanDraw(result.SampleShape) && result.Samples.Length > 0)
            ParticleScatter.Write(PathOf("scatter", ScatterImageName), result.Samples, result.LogWeights,
                $"{result.Method}: {result.Samples.Length} final particles, colour and size by weight");
        if (result.Trace.Count > 0)
            ProgressPlot.Write(PathOf("progress", ProgressImageName),
                [.. result.Trace.Select(t => new ProgressPlot.Step(t.Step, t.Ess, t.MeanReward, t.MaxReward, t.Resampled))],
                result.LogWeights.Length,
                $"{result.Method}: ESS and reward per step, {result.Summary.Resamplings} resampling(s)");
        return files;
    }
}
