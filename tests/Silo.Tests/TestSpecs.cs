namespace Orchestrator.Silo.Tests;

static class TestSpecs
{
    /// <summary>FK on the 2-D three-mode mixture with a linear reward (the closed-form test model).</summary>
    public const string Fk = """
        {
          "model": { "kind": "gaussian-mixture", "means": [[-2, -1], [2, -1], [0, 2]], "stds": [0.4, 0.5, 0.3], "weights": [0.5, 0.3, 0.2] },
          "sampler": { "kind": "exact", "steps": 20, "schedule": "cosine" },
          "method": { "kind": "fk", "particles": 300, "lambda": 1, "every": 5, "window": { "start": 0, "end": 15 } },
          "reward": { "kind": "linear", "weights": [1, 0.5] },
          "seed": 7
        }
        """;

    /// <summary>FK on the shipped 8x8 digits model toward a 7: an image model whose job takes a few seconds.</summary>
    public const string Digits = """
        {
          "model": { "name": "digits" },
          "sampler": { "kind": "ddpm", "steps": 20 },
          "method": { "kind": "fk", "particles": 32, "lambda": 2, "every": 2 },
          "reward": { "kind": "classifier", "model": "digits-classifier", "label": 7 },
          "seed": 3
        }
        """;
}
