namespace Orchestrator.Client.Tests.Support;

/// <summary>Small job specs as JSON text: the README's 2-D mixture with a linear reward, sized for a fast test.</summary>
static class JobSpecs
{
    public static readonly double[] RewardWeights = [1, 0.5];

    /// <summary>An FK (or best-of-n) job. <paramref name="methodExtra"/> is spliced into the method object (e.g. "\"every\": 5").</summary>
    public static string Spec(string method = "fk", int particles = 256, int steps = 20, long? seed = 11, double lambda = 1.0, string? methodExtra = null, string sampler = "ddpm")
    {
        var extra = methodExtra is null ? "" : ", " + methodExtra;
        var seedLine = seed is { } s ? $",\n  \"seed\": {s}" : "";
        return $$"""
            {
              // written by Client.Tests
              "model": {
                "kind": "gaussian-mixture",
                "means": [[-2, -1], [2, -1], [0, 2]],
                "stds": [0.4, 0.5, 0.3],
                "weights": [0.5, 0.3, 0.2]
              },
              "sampler": { "kind": "{{sampler}}", "steps": {{steps}}, "schedule": "cosine" },
              "method": { "kind": "{{method}}", "particles": {{particles}}, "lambda": {{lambda.ToString(System.Globalization.CultureInfo.InvariantCulture)}}{{extra}} },
              "reward": { "kind": "linear", "weights": [1, 0.5] }{{seedLine}}
            }
            """;
    }

    /// <summary>The README's bad spec: negative particles, a misspelt lambda, reward weights of the wrong dimension.</summary>
    public const string Bad = """
        {
          "model": { "kind": "gaussian-mixture", "means": [[0, 0], [1, 1]], "stds": [0.5, 0.5] },
          "sampler": { "kind": "ddpm", "steps": 50 },
          "method": { "kind": "fk", "particles": -4, "lamda": 1.0 },
          "reward": { "kind": "linear", "weights": [1, 0.5, 2] }
        }
        """;
}
