using System.Text.Json;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Contracts.Results;

/// <summary>Reads and writes results with the settings of specs, number arrays kept on one line.</summary>
public static class JobResultJson
{
    static readonly JsonSerializerOptions Options = new(JobSpecJson.Options) { Converters = { new InlineNumberArrays() } };

    public static string Serialize(JobResult result) => JsonSerializer.Serialize(result, Options);

    public static JobResult Deserialize(string json) =>
        JsonSerializer.Deserialize<JobResult>(json, Options) ?? throw new JsonException("result is null");
}
