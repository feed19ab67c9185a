using System.Text.Json;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Contracts.Results;

/// <summary>Reads and writes results with the same settings as specs.</summary>
public static class JobResultJson
{
    public static string Serialize(JobResult result) => JsonSerializer.Serialize(result, JobSpecJson.Options);

    public static JobResult Deserialize(string json) =>
        JsonSerializer.Deserialize<JobResult>(json, JobSpecJson.Options) ?? throw new JsonException("result is null");
}
