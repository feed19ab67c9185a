using System.Text.Json;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Client;

/// <summary>The files a run writes: result.json (deterministic for a seed) and timings.json (not).</summary>
static class ResultFiles
{
    public const string ResultName = "result.json";
    public const string TimingsName = "timings.json";

    public static void Write(DirectoryInfo output, JobResult result, JobTimings timings)
    {
        output.Create();
        File.WriteAllText(Path.Combine(output.FullName, ResultName), JobResultJson.Serialize(result));
        File.WriteAllText(Path.Combine(output.FullName, TimingsName), JsonSerializer.Serialize(timings, JobSpecJson.Options));
    }
}
