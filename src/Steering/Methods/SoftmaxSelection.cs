using Orchestrator.Steering.Random;
using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// SVDD's selection: of each parent's M children keep one, by value v (the reward column): the best
/// when alpha = 0, else a draw from softmax(v / alpha) with the uniform of stream (Selection, step, parent).
/// Children whose value is NaN are never kept unless all of a parent's are. Chains never mix.
/// </summary>
public sealed class SoftmaxSelection(double alpha) : ISelection
{
    public double Alpha { get; } = alpha >= 0 && double.IsFinite(alpha) ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be finite and non-negative");

    public SelectionOutcome Select(Population.ParticlePopulation children, StepInfo step, SteeringContext context)
    {
        var values = children.TryColumn(FkPotential.RewardColumn) ?? throw new InvalidOperationException("SVDD selection needs the children's values");
        var perParent = children.Count / CountParents(children);
        var kept = new int[children.Count / perParent];
        var logits = new double[perParent];
        for (int p = 0; p < kept.Length; p++)
        {
            for (int c = 0; c < perParent; c++)
            {
                var v = values[p * perParent + c];
                logits[c] = !double.IsFinite(v) ? double.NegativeInfinity : Alpha == 0 ? v : v / Alpha;
            }
            kept[p] = p * perParent + (Alpha == 0 || logits.All(double.IsNegativeInfinity) ? ArgMax(logits) : Draw(logits, context.Random.Uniform(StreamPurpose.Selection, step.Index, p)));
        }
        var next = children.Gather(kept);
        return new SelectionOutcome(next, perParent > 1, kept.Length);
    }

    /// <summary>Children are parent-major with the same count per parent; their ancestors say which parent.</summary>
    static int CountParents(Population.ParticlePopulation children) => children.Ancestors.Max() + 1;

    static int ArgMax(double[] values)
    {
        var best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    static int Draw(double[] logits, double uniform)
    {
        var weights = new double[logits.Length];
        LogWeights.Normalise(logits, weights);
        var cumulative = 0.0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (uniform < cumulative) return i;
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }
}
