using Orchestrator.Steering.Population;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// FK steering's potential toward p(x0) exp(lambda r(x0)). At each scheduled step it scores the
/// parents' x0-predictions and multiplies each particle's weight by G; at the last step it
/// scores the final samples and, for max, sum and immediate, divides by the product of the
/// potentials the particle's ancestry already received, so the total weight of every path is
/// exactly exp(lambda r(x0)). (The reference code applies max/sum to the final step too and
/// forgets the product when it skips a resampling; both are fixed here.)
/// Particles whose reward is NaN or infinite get zero weight and are counted.
/// </summary>
public sealed class FkPotential(FkPotentialKind kind, double lambda, StepSchedule schedule) : IPotential
{
    /// <summary>Column: the reward state the potential compares against (previous, running max or running sum).</summary>
    public const string PreviousColumn = "fk.previous";

    /// <summary>Column: log of the product of potentials applied along the particle's ancestry.</summary>
    public const string LogProductColumn = "fk.logProduct";

    /// <summary>Column: the most recent reward of the particle (its final reward after the last step).</summary>
    public const string RewardColumn = "reward";

    public FkPotentialKind Kind { get; } = kind;

    public double Lambda { get; } = lambda;

    public StepSchedule Schedule { get; } = schedule;

    public async ValueTask<PotentialReport> ApplyAsync(Proposal proposal, StepInfo step, SteeringContext context)
    {
        if (!Schedule.Contains(step)) return PotentialReport.None;
        var children = proposal.Children;
        if (proposal.ChildrenPerParent != 1) throw new InvalidOperationException("FK steering proposes one child per particle");

        // Intermediate steps judge the x0-prediction (for discrete models, several sampled
        // completions per particle, combined by log-mean-exp); the last step judges the sample itself.
        var rewards = step.IsLast
            ? await SoftValues.ScoreAsync(context, children.State, LabelsOf(children), 1, Lambda).ConfigureAwait(false)
            : await SoftValues.ScoreAsync(context, proposal.ParentX0!, LabelsOf(children), proposal.X0SamplesPerParent, Lambda).ConfigureAwait(false);

        var previous = children.Column(PreviousColumn, Kind == FkPotentialKind.Max ? double.NegativeInfinity : 0);
        var logProduct = children.Column(LogProductColumn);
        var last = children.Column(RewardColumn, double.NaN);
        var nonFinite = 0;
        for (int i = 0; i < children.Count; i++)
        {
            var r = rewards[i];
            last[i] = r;
            if (!double.IsFinite(r))
            {
                nonFinite++;
                children.LogWeights[i] = double.NegativeInfinity;
                continue;
            }
            if (double.IsNegativeInfinity(children.LogWeights[i])) continue;
            var logG = LogPotential(r, ref previous[i], logProduct[i], step.IsLast);
            logProduct[i] += logG;
            children.LogWeights[i] += logG;
        }
        if (nonFinite == children.Count)
            throw new RewardException($"reward '{context.Reward.Name}' returned no finite score for any of {children.Count} particles at step {step.Index}");
        return Report(rewards, nonFinite);
    }

    double LogPotential(double r, ref double previous, double logProduct, bool isLast)
    {
        if (isLast && Kind != FkPotentialKind.Difference) return Lambda * r - logProduct;
        switch (Kind)
        {
            case FkPotentialKind.Difference:
                var increment = Lambda * (r - previous);
                previous = r;
                return increment;
            case FkPotentialKind.Max:
                previous = Math.Max(previous, r);
                return Lambda * previous;
            case FkPotentialKind.Sum:
                previous += r;
                return Lambda * previous;
            default:
                return Lambda * r;
        }
    }

    static long[]? LabelsOf(ParticlePopulation population) =>
        population.Labels is null ? null : population.Labels.data<long>().ToArray();

    static PotentialReport Report(double[] rewards, int nonFinite)
    {
        var finite = rewards.Where(double.IsFinite).ToArray();
        return new PotentialReport(finite.Average(), finite.Max(), nonFinite);
    }
}
