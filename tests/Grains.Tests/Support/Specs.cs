using System.Globalization;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>Job specs of the tests: the 2-D three-mode mixture (closed-form tilted target) with a linear reward.</summary>
static class Specs
{
    /// <summary>FK steering (or best-of-n) of the 2-D mixture; lambda 0 with essThreshold 1 resamples equal weights at every scheduled step.</summary>
    public static string Fk(long seed, int particles = 600, int steps = 20, double lambda = 1.0, int every = 5, double essThreshold = 0.5, string sampler = "exact", string kind = "fk") =>
        Mixture(seed, $$"""{ "kind": "{{sampler}}", "steps": {{steps}}, "schedule": "cosine" }""",
            kind == "fk"
                ? $$"""{ "kind": "fk", "particles": {{particles}}, "lambda": {{lambda}}, "every": {{every}}, "window": { "start": 0, "end": {{Math.Max(0, steps - 5)}} }, "essThreshold": {{essThreshold}} }"""
                : $$"""{ "kind": "{{kind}}", "particles": {{particles}}, "lambda": {{lambda}} }""");

    /// <summary>The mixture with any sampler and method (JSON objects).</summary>
    public static string Mixture(long seed, string sampler, string method) => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "model": { "kind": "gaussian-mixture", "means": [[-2, -1], [2, -1], [0, 2]], "stds": [0.4, 0.5, 0.3], "weights": [0.5, 0.3, 0.2] },
          "sampler": {{sampler}},
          "method": {{method}},
          "reward": { "kind": "linear", "weights": [1, 0.5] },
          "seed": {{seed}}
        }
        """);
}
