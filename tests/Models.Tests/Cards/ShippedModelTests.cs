using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Tests.Cards;

/// <summary>Every model shipped under models/ has a valid card whose weights load into the network it names.</summary>
public class ShippedModelTests
{
    static IEnumerable<string> Folders() => Directory.GetDirectories(ModelRegistry.Default.Root).Order();

    [Fact]
    public void The_registry_ships_the_digits_models()
    {
        var names = ModelRegistry.Default.Names();
        Assert.Contains("digits", names);
        Assert.Contains("digits-classifier", names);
        Assert.Contains("digits-heldout-classifier", names);
        // Names() lists only folders with a card; every shipped folder must have one.
        Assert.Equal(Folders().Select(Path.GetFileName), names);
    }

    [Fact]
    public void Every_shipped_card_is_valid_and_its_model_loads_by_kind()
    {
        foreach (var folder in Folders())
        {
            var name = Path.GetFileName(folder);
            var loaded = ModelCards.Read(Path.Combine(folder, ModelCards.FileName));
            Assert.Equal(name, loaded.Card.Name);
            Assert.True(File.Exists(loaded.WeightsPath), $"{name}: weights {loaded.WeightsPath}");
            Assert.Equal(loaded.CardPath, ModelRegistry.Default.Resolve(name).CardPath);

            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            switch (loaded.Card.Kind)
            {
                case ModelCard.Continuous:
                {
                    var denoiser = ModelLoader.Denoiser(loaded);
                    Assert.Equal(loaded.Card.Shape, denoiser.SampleShape);
                    Assert.Equal(Parameterisations.ByName(loaded.Card.Parameterisation!), denoiser.Parameterisation);
                    var x = torch.zeros([3, .. denoiser.SampleShape]);
                    var output = denoiser.Predict(DenoiserInput.At(x, denoiser.Schedule, 0.5));
                    Assert.Equal(x.shape, output.shape);
                    Assert.True(output.isfinite().all().item<bool>(), $"{name}: non-finite prediction");
                    break;
                }
                case ModelCard.Masked:
                {
                    var denoiser = ModelLoader.MaskedDenoiser(loaded);
                    var vocabulary = loaded.Card.Vocabulary!.Length;
                    Assert.Equal(vocabulary, denoiser.Vocabulary);
                    Assert.Equal([(long)loaded.Card.Length!.Value], denoiser.SampleShape);
                    // Every token masked (id V), halfway through.
                    var x = TensorMath.Filled([2, .. denoiser.SampleShape], vocabulary, ScalarType.Int64);
                    var logP = denoiser.LogProbabilities(DenoiserInput.At(x, 0.5, denoiser.Schedule.Alpha(0.5)));
                    Assert.Equal([2, .. denoiser.SampleShape, vocabulary], logP.shape);
                    var total = logP.exp().sum(-1);
                    Assert.True(total.allclose(torch.ones_like(total), rtol: 0, atol: 1e-6), $"{name}: probabilities do not sum to 1");
                    break;
                }
                case ModelCard.Classifier:
                {
                    var classifier = ModelLoader.Classifier(loaded);
                    var logits = classifier.forward(torch.zeros([3, .. loaded.Card.Shape!]));
                    Assert.Equal([3L, loaded.Card.Classes!.Length], logits.shape);
                    Assert.True(logits.isfinite().all().item<bool>(), $"{name}: non-finite logits");
                    break;
                }
                default:
                    Assert.Fail($"{name}: kind {loaded.Card.Kind} passed ModelCards.Read but no loader handles it");
                    break;
            }
        }
    }

    [Fact]
    public void The_digits_card_says_what_the_brief_says()
    {
        var card = ShippedModelsCard("digits");
        Assert.Equal(ModelCard.Continuous, card.Kind);
        Assert.Equal([1L, 8, 8], card.Shape!);
        Assert.Equal("v", card.Parameterisation);
        Assert.Equal("cosine", card.Schedule);
        Assert.True(card.UnconditionalBranch);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), card.Classes);
        foreach (var classifier in new[] { "digits-classifier", "digits-heldout-classifier" })
        {
            var c = ShippedModelsCard(classifier);
            Assert.Equal(ModelCard.Classifier, c.Kind);
            Assert.Equal(card.Shape, c.Shape);
            Assert.Equal(card.Classes, c.Classes);
        }
        // The judge differs from the steering classifier in architecture, so it is not fooled the same way.
        Assert.NotEqual(ShippedModelsCard("digits-classifier").Architecture!.Type, ShippedModelsCard("digits-heldout-classifier").Architecture!.Type);
    }

    [Fact]
    public void A_loader_of_the_wrong_kind_refuses_the_card()
    {
        var digits = ModelRegistry.Default.Resolve("digits");
        var classifier = ModelRegistry.Default.Resolve("digits-classifier");
        var e1 = Assert.Throws<InvalidCardException>(() => ModelLoader.Classifier(digits));
        Assert.Contains("is a continuous model, not a classifier one", e1.Message);
        Assert.Equal(digits.CardPath, e1.CardPath);
        var e2 = Assert.Throws<InvalidCardException>(() => ModelLoader.Denoiser(classifier));
        Assert.Contains("is a classifier model, not a continuous one", e2.Message);
        var e3 = Assert.Throws<InvalidCardException>(() => ModelLoader.MaskedDenoiser(digits));
        Assert.Contains("not a masked one", e3.Message);
    }

    static ModelCard ShippedModelsCard(string name) => ModelRegistry.Default.Resolve(name).Card;
}
