using System.Text.Json;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>result.json writes number arrays on one line each (a hand-written converter), so it must still read back exactly.</summary>
public class ResultJsonTests
{
    static JobResult Result() => new()
    {
        Spec = JobSpecJson.ParseValid(TestSpecs.Fk().ToJsonString()),
        Method = "fk",
        SampleShape = [2],
        Samples = [[1.5011843f, -1.4075212f], [float.NaN, 3e-8f], [-0f, float.PositiveInfinity]],
        LogWeights = [-0.1, double.NegativeInfinity, -2.3025850929940455],
        Rewards = [0.75, double.NaN, 1e-300],
        Groups = [0, 0, 0],
        Nfe = new NfeReport(60, 3, 20, 1),
        Trace = [new TraceEntry(0, 1, 2.5, null, null, false, 0), new TraceEntry(1, 0.5, 2.9, 0.3, 0.75, true, 1)],
        Summary = new ResultSummary(0.3, 0.4, 0.75, 0, 2.9, 1),
    };

    [Fact]
    public void A_result_reads_back_exactly_including_NaN_and_infinities()
    {
        var original = Result();
        var back = JobResultJson.Deserialize(JobResultJson.Serialize(original));

        Assert.Equal(original.Samples.Length, back.Samples.Length);
        for (int i = 0; i < original.Samples.Length; i++) Assert.Equal(original.Samples[i], back.Samples[i]);
        Assert.Equal(original.LogWeights, back.LogWeights);
        Assert.Equal(original.Rewards, back.Rewards);
        Assert.Equal(original.Trace, back.Trace);
        Assert.Equal(original.Spec.Model!.Means![1], back.Spec.Model!.Means![1]);
        Assert.Equal(JobResultJson.Serialize(original), JobResultJson.Serialize(back));
    }

    [Fact]
    public void Each_sample_is_one_line_and_the_file_is_valid_JSON()
    {
        var json = JobResultJson.Serialize(Result());
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("samples").GetArrayLength());
        Assert.Contains("    [1.5011843, -1.4075212],\n", json.Replace("\r\n", "\n"));
        Assert.Contains("\"rewards\": [0.75, \"NaN\", 1E-300]", json);
    }
}
