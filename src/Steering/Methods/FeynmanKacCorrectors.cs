using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;

namespace Orchestrator.Steering.Methods;

/// <summary>
/// Feynman-Kac correctors (Skreta et al. 2025): sample prod_i q_i^beta_i by simulating the SDE of the
/// combined score and correcting with the weights of <see cref="FkcPotential"/>, resampled
/// (systematic by default) at every step from step resampleFrom on. The prior is
/// N(0, I / sum_i beta_i), the product of the terms' N(0, I) priors raised to their exponents.
/// Compute: particles x steps x terms denoiser calls, no reward calls.
/// </summary>
public static class FeynmanKacCorrectors
{
    /// <summary>The method; weighted = false drops the weights and resampling (the uncorrected SDE, for comparison).</summary>
    public static SteeringMethod Create(IReadOnlyList<FkcTerm> terms, int steps, ParticleLayout layout, IResampler? resampler = null, int resampleFrom = 0, bool weighted = true)
    {
        var proposal = new FkcProposal(terms);
        var schedule = terms[0].Model.Schedule;
        var totalBeta = terms.Sum(t => t.Beta);
        if (!(totalBeta > 0)) throw new ArgumentException("the exponents of an FK-corrector target must sum to a positive number", nameof(terms));
        ISelection selection = weighted
            ? new ResamplingSelection(resampler ?? new SystematicResampler(), 1.0, new StepSchedule(1, resampleFrom, int.MaxValue))
            : new NoSelection();
        IPotential potential = weighted ? new FkcPotential(terms.Select(t => t.Beta).ToArray(), schedule) : new NoPotential();
        return new SteeringMethod(
            "fkc",
            new GaussianInitializer(terms[0].Model.SampleShape, layout, 1 / Math.Sqrt(totalBeta)),
            proposal,
            potential,
            selection,
            new WeightedFinalizer(),
            steps);
    }
}
