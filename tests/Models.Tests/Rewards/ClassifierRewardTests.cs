using Orchestrator.Models.Loading;
using Orchestrator.Models.Tests.Support;
using Orchestrator.Rewards.Classifiers;
using Orchestrator.Steering.Population;

namespace Orchestrator.Models.Tests.Rewards;

/// <summary>The classifier reward: log p(class | x) under a shipped classifier, of a fixed class or each particle's own.</summary>
public class ClassifierRewardTests
{
    const int Classes = ShippedModels.Classes;

    static ClassifierReward Reward(long? label, string model = ShippedModels.SteeringClassifier) => new(ShippedModels.Card(model), label);

    /// <summary><paramref name="rows"/> images of standard normal pixels (seeded), clipped to [-1.5, 1.5].</summary>
    static SampleBatch Noise(int rows, long[]? labels = null, long[]? shape = null)
    {
        shape ??= [1, 8, 8];
        var random = new System.Random(3);
        var size = (int)shape.Aggregate(1L, (a, b) => a * b);
        var values = Enumerable.Range(0, rows * size).Select(_ => (float)Math.Clamp(random.NextDouble() * 3 - 1.5, -1.5, 1.5)).ToArray();
        return SampleBatch.Continuous(rows, shape, values, labels);
    }

    static async Task<double[][]> ScoresByClass(SampleBatch batch, string model)
    {
        var scores = new double[Classes][];
        for (int c = 0; c < Classes; c++) scores[c] = await Reward(c, model).ScoreAsync(batch, CancellationToken.None);
        return scores;
    }

    [Theory]
    [InlineData(ShippedModels.SteeringClassifier)]
    [InlineData(ShippedModels.Judge)]
    public async Task Scores_are_log_probabilities_over_the_classes(string model)
    {
        var batch = Noise(12);
        var scores = await ScoresByClass(batch, model);
        for (int i = 0; i < batch.Rows; i++)
        {
            var total = Enumerable.Range(0, Classes).Sum(c => Math.Exp(scores[c][i]));
            Assert.Equal(1.0, total, 5);
            for (int c = 0; c < Classes; c++) Assert.True(scores[c][i] <= 1e-6, $"row {i}, class {c}: log-probability {scores[c][i]} > 0");
        }
        // Not a constant: different images get different scores.
        Assert.True(scores[0].Distinct().Count() > 1);
    }

    [Fact]
    public async Task Scores_are_deterministic_because_the_classifier_is_in_eval_mode()
    {
        // digits-classifier has dropout: in training mode two scorings of one batch would differ.
        var reward = Reward(4);
        var batch = Noise(16);
        var first = await reward.ScoreAsync(batch, CancellationToken.None);
        var second = await reward.ScoreAsync(batch, CancellationToken.None);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Without_a_fixed_label_each_particle_is_scored_for_its_own_label()
    {
        var labels = Enumerable.Range(0, 20).Select(i => (long)(i * 7 % Classes)).ToArray();
        var batch = Noise(20, labels);
        var scores = await ScoresByClass(batch, ShippedModels.SteeringClassifier);
        var own = await Reward(null).ScoreAsync(batch, CancellationToken.None);
        for (int i = 0; i < batch.Rows; i++) Assert.Equal(scores[labels[i]][i], own[i]);
        // A fixed label wins over the particles' labels.
        Assert.Equal(scores[5], await Reward(5).ScoreAsync(batch, CancellationToken.None));
    }

    [Fact]
    public async Task Conditional_digits_are_scored_highest_for_their_own_class()
    {
        var classes = Enumerable.Range(0, Classes).Select(i => (long)i).ToArray();
        var samples = await ModelSampling.SampleAsync(ShippedModels.DigitsDenoiser(), ParticleLayout.Groups(Classes, 5, classes), 50, seed: 21);
        var scores = await ScoresByClass(samples, ShippedModels.SteeringClassifier);
        var own = await Reward(null).ScoreAsync(samples, CancellationToken.None);
        var agree = Enumerable.Range(0, samples.Rows).Count(i => Enumerable.Range(0, Classes).MaxBy(c => scores[c][i]) == samples.Labels![i]);
        // Measured: 50 of 50, mean own log-probability -0.0002. Large gap: a reward that ignored the
        // label or the image would agree ~5 times in 50.
        Assert.True(agree >= 45, $"the steering classifier's best class is the requested one for only {agree} of 50 samples");
        Assert.True(own.Average() > Math.Log(0.5), $"mean log p(own class) {own.Average():F3}");
    }

    [Fact]
    public async Task It_refuses_images_of_the_wrong_shape()
    {
        var reward = Reward(3);
        foreach (var shape in new long[][] { [1, 4, 4], [64], [8, 8], [2, 8, 8] })
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(async () => await reward.ScoreAsync(Noise(2, shape: shape), CancellationToken.None));
            Assert.Contains($"scores images of shape [1, 8, 8], not [{string.Join(", ", shape)}]", e.Message);
            Assert.Contains("digits-classifier", e.Message);
        }
    }

    [Fact]
    public async Task It_refuses_token_batches()
    {
        var tokens = SampleBatch.Discrete(2, [64], new long[128]);
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await Reward(3).ScoreAsync(tokens, CancellationToken.None));
        Assert.Contains("scores images, not tokens", e.Message);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    public void It_refuses_a_fixed_label_out_of_range(long label)
    {
        var e = Assert.Throws<ArgumentException>(() => Reward(label));
        Assert.Contains($"knows classes 0..9, not {label}", e.Message);
    }

    [Fact]
    public async Task It_refuses_particles_whose_label_is_out_of_range()
    {
        // Unconditional particles carry label -1 when a batch mixes them with conditional ones.
        foreach (var bad in new long[] { -1, 10 })
        {
            var batch = Noise(3, [2, bad, 4]);
            var e = await Assert.ThrowsAsync<ArgumentException>(async () => await Reward(null).ScoreAsync(batch, CancellationToken.None));
            Assert.Contains($"a particle asks for class {bad}", e.Message);
            Assert.Contains("give reward.label", e.Message);
        }
    }

    [Fact]
    public async Task It_refuses_unlabelled_particles_without_a_fixed_label()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await Reward(null).ScoreAsync(Noise(3), CancellationToken.None));
        Assert.Contains("needs a class: give reward.label, or particles with labels", e.Message);
    }

    [Fact]
    public void Its_name_says_the_classifier_and_the_class()
    {
        Assert.Equal("classifier digits-classifier, class 7", Reward(7).Name);
        Assert.Equal(7, Reward(7).Label);
        Assert.Equal("classifier digits-classifier", Reward(null).Name);
        Assert.Null(Reward(null).Label);
    }

    [Fact]
    public void A_card_that_is_not_a_classifier_is_refused()
    {
        var e = Assert.Throws<Orchestrator.Models.Cards.InvalidCardException>(() => new ClassifierReward(ShippedModels.Card(ShippedModels.Digits), 3));
        Assert.Contains("not a classifier one", e.Message);
    }
}
