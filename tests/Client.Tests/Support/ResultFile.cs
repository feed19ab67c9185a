using System.Text.Json;

namespace Orchestrator.Client.Tests.Support;

/// <summary>result.json read as plain JSON (by its documented camelCase names, not through the Contracts types).</summary>
sealed class ResultFile
{
    public ResultFile(string path)
    {
        Text = File.ReadAllText(path);
        using var document = JsonDocument.Parse(Text);
        var root = document.RootElement;
        Root = root.Clone();
        Samples = root.GetProperty("samples").EnumerateArray().Select(row => row.EnumerateArray().Select(Number).ToArray()).ToArray();
        LogWeights = root.GetProperty("logWeights").EnumerateArray().Select(Number).ToArray();
        Rewards = root.GetProperty("rewards").EnumerateArray().Select(Number).ToArray();
        var nfe = root.GetProperty("nfe");
        DenoiserNfe = nfe.GetProperty("denoiser").GetInt64();
        RewardNfe = nfe.GetProperty("reward").GetInt64();
        Trace = root.GetProperty("trace").EnumerateArray().Select(t => new Step(
            t.GetProperty("step").GetInt32(),
            Number(t.GetProperty("ess")),
            t.TryGetProperty("meanReward", out var r) && r.ValueKind != JsonValueKind.Null ? Number(r) : null,
            t.GetProperty("resampled").GetBoolean())).ToArray();
    }

    public string Text { get; }

    public JsonElement Root { get; }

    public double[][] Samples { get; }

    public double[] LogWeights { get; }

    public double[] Rewards { get; }

    public long DenoiserNfe { get; }

    public long RewardNfe { get; }

    public Step[] Trace { get; }

    public sealed record Step(int Index, double Ess, double? MeanReward, bool Resampled);

    /// <summary>A number, or one of the strings "NaN", "Infinity", "-Infinity" the result format writes for non-finite values.</summary>
    static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"not a number: \"{s}\""),
        },
        _ => throw new FormatException($"not a number: {e}"),
    };

    /// <summary>log(sum(exp(x))), stable; -Infinity for all -Infinity.</summary>
    public static double LogSumExp(IEnumerable<double> values)
    {
        var x = values.ToArray();
        var max = x.Max();
        if (double.IsNegativeInfinity(max)) return max;
        return max + Math.Log(x.Sum(v => Math.Exp(v - max)));
    }
}
