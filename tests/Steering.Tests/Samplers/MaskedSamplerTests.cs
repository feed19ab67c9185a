using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Samplers;

/// <summary>
/// The absorbing-state sampler with the exact denoiser of a mixture of product distributions.
/// Two facts make exact targets possible. (1) For a single product distribution every position
/// is independent, so drawing all masked positions from their marginals is exact at any step
/// count. (2) For a mixture, a step that unmasks several positions at once draws them
/// independently from marginals, which is wrong for correlated positions; but under the linear
/// schedule each position unmasks at a step uniform over the K steps, independently of the tokens,
/// and a sequence whose positions all unmask at different steps is drawn exactly (each token from
/// its exact conditional). So |P_sampler(A) - P(A)| is at most P(some two of L positions share a
/// step) = 1 - prod_{j&lt;L} (1 - j/K), the bias bound the tests add to the Monte Carlo tolerance.
/// </summary>
public class MaskedSamplerTests
{
    const int Groups = 20;
    const int PerGroup = 1000;

    /// <summary>Two components of three positions over three tokens: one favours token 0 everywhere, the other token 2.</summary>
    static readonly CategoricalMixture Correlated = new(
        [
            [[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.8, 0.1, 0.1]],
            [[0.1, 0.1, 0.8], [0.1, 0.3, 0.6], [0.2, 0.1, 0.7]],
        ],
        [0.6, 0.4]);

    static readonly double[][] NoScores = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];

    static double CollisionBound(int positions, int steps)
    {
        var distinct = 1.0;
        for (int j = 1; j < positions; j++) distinct *= 1 - (double)j / steps;
        return 1 - distinct;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_product_distribution_is_sampled_exactly_at_any_step_count(int steps)
    {
        var product = new CategoricalMixture([[[0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.25, 0.25, 0.5]]]);
        var result = SampleBase(product, steps, MaskingSchedule.Cosine, seed: 3);
        var stats = new SequenceStatistics(result);
        for (int l = 0; l < product.Length; l++)
            for (int v = 0; v < product.Vocabulary; v++)
                Replicates.AssertMatches($"P(x{l} = {v})", stats.Estimate(x => x[l] == v), product.Probabilities[0][l][v]);
        Replicates.AssertMatches("P(x0 = 0, x1 = 2)", stats.Estimate(x => x[0] == 0 && x[1] == 2), 0.5 * 0.8);
        Assert.Equal((long)Groups * PerGroup * steps, result.Nfe.Denoiser);
    }

    [Fact]
    public void A_correlated_mixture_is_sampled_exactly_with_many_steps_and_visibly_not_in_one_step()
    {
        const int steps = 512;
        var allEqual = Exact(Correlated, x => x[0] == x[1] && x[1] == x[2]);
        var independentAllEqual = Enumerable.Range(0, 3).Sum(v => Correlated.Marginal(0)[v] * Correlated.Marginal(1)[v] * Correlated.Marginal(2)[v]);

        var many = new SequenceStatistics(SampleBase(Correlated, steps, MaskingSchedule.Linear, seed: 4));
        Replicates.AssertMatches("P(all equal), 512 steps", many.Estimate(x => x[0] == x[1] && x[1] == x[2]), allEqual, bias: CollisionBound(3, steps));
        for (int l = 0; l < 3; l++)
            Replicates.AssertMatches($"P(x{l} = 2), 512 steps", many.Estimate(x => x[l] == 2), Correlated.Marginal(l)[2]);

        // One step unmasks everything at once from the marginals: positions come out independent.
        var one = new SequenceStatistics(SampleBase(Correlated, 1, MaskingSchedule.Linear, seed: 5));
        Replicates.AssertMatches("P(all equal), 1 step", one.Estimate(x => x[0] == x[1] && x[1] == x[2]), independentAllEqual);
        Replicates.AssertDiffers("P(all equal), 1 step vs the mixture", one.Estimate(x => x[0] == x[1] && x[1] == x[2]), allEqual);
    }

    [Theory]
    [InlineData(FkPotentialKind.Difference)]
    [InlineData(FkPotentialKind.Max)]
    [InlineData(FkPotentialKind.Sum)]
    [InlineData(FkPotentialKind.Immediate)]
    public void FK_steering_of_the_masked_sampler_matches_the_tilted_mixture(FkPotentialKind potential)
    {
        const int steps = 256;
        const double lambda = 1.0;
        // Token 2 pays at every position and token 0 costs at the middle one: the tilt moves weight
        // from the first component (mostly 0s) to the second (mostly 2s), from 60/40 to about 25/75.
        double[][] scores = [[0, 0, 1], [-1, 0, 1], [0, 0.5, 1]];
        var target = Correlated.TiltedTokenScores(scores, lambda);
        var denoiser = new CategoricalMixtureDenoiser(Correlated, MaskingSchedule.Linear);
        var schedule = potential is FkPotentialKind.Sum or FkPotentialKind.Immediate ? new StepSchedule(64, 0, 64) : new StepSchedule(32, 0, 224);
        var options = new FkOptions(potential, lambda, Resamplers.ByName("systematic"), schedule, 0.5);
        var result = Steer.Run(FkSteering.Create(denoiser, steps, ParticleLayout.Groups(Groups, PerGroup), options), new TokenReward(scores), seed: 6);

        Assert.Contains(result.Trace, s => s.Resampled);
        var stats = new SequenceStatistics(result);
        var bias = CollisionBound(3, steps);
        Replicates.AssertMatches($"{potential}: P(all equal)", stats.Estimate(x => x[0] == x[1] && x[1] == x[2]), Exact(target, x => x[0] == x[1] && x[1] == x[2]), bias: bias);
        for (int l = 0; l < 3; l++)
            for (int v = 0; v < 3; v++)
                Replicates.AssertMatches($"{potential}: P(x{l} = {v})", stats.Estimate(x => x[l] == v), target.Marginal(l)[v], bias: bias);
        // The base model is visibly different, so the test would catch a method that does not steer.
        Replicates.AssertDiffers($"{potential}: P(x1 = 2) vs the untilted model", stats.Estimate(x => x[1] == 2), Correlated.Marginal(1)[2]);
    }

    static SteeringResult SampleBase(CategoricalMixture mixture, int steps, MaskingSchedule schedule, long seed)
    {
        var denoiser = new CategoricalMixtureDenoiser(mixture, schedule);
        var method = BestOfN.Create(denoiser, steps, ParticleLayout.Groups(Groups, PerGroup), lambda: 0);
        return Steer.Run(method, new TokenReward(NoScores.Take(mixture.Length).Select(_ => new double[mixture.Vocabulary]).ToArray()), seed);
    }

    /// <summary>P(A) under the mixture, summed over every sequence.</summary>
    static double Exact(CategoricalMixture mixture, Func<long[], bool> predicate)
    {
        var total = 0.0;
        var count = (int)Math.Pow(mixture.Vocabulary, mixture.Length);
        for (int index = 0; index < count; index++)
        {
            var sequence = new long[mixture.Length];
            for (int l = 0, rest = index; l < mixture.Length; l++, rest /= mixture.Vocabulary) sequence[l] = rest % mixture.Vocabulary;
            if (predicate(sequence)) total += mixture.Probability(sequence);
        }
        return total;
    }

    /// <summary>Per-group weighted probabilities of events over the final token sequences.</summary>
    sealed class SequenceStatistics(SteeringResult result)
    {
        public double[] Estimate(Func<long[], bool> predicate)
        {
            var tokens = result.Samples.Tokens!;
            var length = result.Samples.RowSize;
            var groups = result.GroupIds.Max() + 1;
            var estimates = new double[groups];
            for (int i = 0; i < result.GroupIds.Length; i++)
                if (predicate(tokens.AsSpan(i * length, length).ToArray())) estimates[result.GroupIds[i]] += Math.Exp(result.LogWeights[i]);
            return estimates;
        }
    }
}
