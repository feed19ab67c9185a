using Orchestrator.Steering.Population;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// The children of one step: <see cref="Children"/> holds ChildrenPerParent rows per parent,
/// parent-major, each inheriting its parent's weight and columns. <see cref="ParentX0"/> is the
/// model's x0-prediction at each parent (the intermediate reward's input): one row per parent for
/// continuous models, or <see cref="X0SamplesPerParent"/> sampled sequences per parent
/// (parent-major) for discrete ones, whose rewards are combined by log-mean-exp.
/// </summary>
public sealed class Proposal(ParticlePopulation children, int childrenPerParent, Tensor? parentX0, int x0SamplesPerParent = 1, IReadOnlyList<Tensor>? parentScores = null) : IDisposable
{
    /// <summary>Scores of each model at the parents, when the proposal needed them (FK correctors' weights use them).</summary>
    public IReadOnlyList<Tensor>? ParentScores { get; } = parentScores;

    public int X0SamplesPerParent { get; } = x0SamplesPerParent;

    public ParticlePopulation Children { get; } = children;

    public int ChildrenPerParent { get; } = childrenPerParent;

    public Tensor? ParentX0 { get; } = parentX0;

    /// <summary>The parent of child <paramref name="child"/>.</summary>
    public int ParentOf(int child) => child / ChildrenPerParent;

    /// <summary>Disposes what only the proposal holds; the children live on in the next population or are disposed by selection.</summary>
    public void Dispose()
    {
        ParentX0?.Dispose();
        foreach (var score in ParentScores ?? []) score.Dispose();
    }
}
