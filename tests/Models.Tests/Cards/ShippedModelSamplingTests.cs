using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Training;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Random;
using Orchestrator.Rewards.BuiltIn;

namespace Orchestrator.Models.Tests.Cards;

/// <summary>The other shipped generators sample through the engine from their cards (digits has its own, deeper tests).</summary>
public class ShippedModelSamplingTests
{
    /// <summary>
    /// Fashion: 2 samples of each class in 25 DDPM steps are finite, in range, and the held-out judge (85 % accurate on
    /// real images) recognises most of them; the card measured 80 % at 100 steps. Floor: 10 of 20 (chance is 2).
    /// </summary>
    [Fact]
    public async Task Fashion_SamplesEachClass_AndTheJudgeRecognisesMost()
    {
        var denoiser = ModelLoader.Denoiser(ModelRegistry.Default.Resolve("fashion"));
        var judge = ModelLoader.Classifier(ModelRegistry.Default.Resolve("fashion-heldout-classifier"));
        var samples = await ModelSampling.SampleAsync(denoiser, ParticleLayout.Groups(10, 2, Enumerable.Range(0, 10).Select(i => (long)i).ToArray()), 25, seed: 4);

        Assert.Equal([1L, 28L, 28L], samples.RowShape);
        Assert.All(samples.Values!, v => Assert.True(float.IsFinite(v) && Math.Abs(v) < 3, $"pixel {v}"));
        var rate = ClassRate.Of(judge, samples);
        Assert.True(rate >= 0.5, $"held-out class rate {rate:P0} of 20 samples");
    }

    /// <summary>Smiles: unsteered sequences from the card are fully unmasked tokens of its vocabulary and decode to non-empty text.</summary>
    [Fact]
    public async Task Smiles_SamplesSequences_WithNoMaskLeft()
    {
        var card = ModelRegistry.Default.Resolve("smiles");
        var model = ModelLoader.MaskedDenoiser(card);
        var method = BestOfN.Create(model, card.Card.Length!.Value, ParticleLayout.Single(16), lambda: 0);
        var result = await SteeringLoop.RunAsync(method, new SteeringContext(new RandomStreams(4), new LengthReward(card.Card.Vocabulary!)));

        var tokens = result.Samples.Tokens!;
        Assert.Equal(16 * card.Card.Length!.Value, tokens.Length);
        Assert.All(tokens, t => Assert.InRange(t, 0, card.Card.Vocabulary!.Length - 1));
        Assert.All(result.Rewards, r => Assert.InRange(r, 1, card.Card.Length!.Value));
    }
}
