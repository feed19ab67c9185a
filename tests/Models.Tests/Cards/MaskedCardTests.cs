using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Tests.Support;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Tests.Cards;

/// <summary>
/// Masked models may not ship yet, so the masked card and loader are checked on a small untrained
/// transformer written here: its card reads, its weights load, and a wrong card is refused.
/// </summary>
public sealed class MaskedCardTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static ModelCard Card => new()
    {
        Name = "tiny-masked",
        Kind = ModelCard.Masked,
        Vocabulary = ["", "C", "O", "N", "("],
        Length = 6,
        Schedule = "linear",
        Format = ModelCard.TorchSharpFormat,
        File = "tiny-masked.bin",
        Architecture = new NetworkArchitecture("transformer", 16, 1, Heads: 2),
    };

    string Save(ModelCard card, ModelCard? weightsOf = null)
    {
        var folder = Path.Combine(temp.Path, Guid.NewGuid().ToString("N"));
        ModelCards.Write(card, folder);
        using var network = ModelLoader.NewDenoiserNetwork(weightsOf ?? card);
        network.save(Path.Combine(folder, card.File));
        return Path.Combine(folder, ModelCards.FileName);
    }

    [Fact]
    public void A_masked_card_loads_a_denoiser_of_its_vocabulary_and_length()
    {
        var path = Save(Card);
        var loaded = new ModelRegistry(temp.Path).Resolve(path);
        var denoiser = ModelLoader.MaskedDenoiser(loaded);
        Assert.Equal(5, denoiser.Vocabulary);
        Assert.Equal([6L], denoiser.SampleShape);
        Assert.Equal(0.25, denoiser.Schedule.Alpha(0.75), 12);

        using var scope = torch.NewDisposeScope();
        var x = TensorMath.Filled([3L, 6], 5, ScalarType.Int64);
        var logP = denoiser.LogProbabilities(DenoiserInput.At(x, 0.5, denoiser.Schedule.Alpha(0.5)));
        Assert.Equal([3L, 6, 5], logP.shape);
        var total = logP.exp().sum(-1);
        Assert.True(total.allclose(torch.ones_like(total), rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void A_masked_card_without_a_vocabulary_or_length_is_invalid()
    {
        var path = Save(Card with { Vocabulary = ["C"], Length = 0 }, weightsOf: Card);
        var e = Assert.Throws<InvalidCardException>(() => ModelCards.Read(path));
        Assert.Equal(path, e.CardPath);
        Assert.Contains("a masked model needs a vocabulary of at least two tokens", e.Message);
        Assert.Contains("a masked model needs a positive length", e.Message);
    }

    [Fact]
    public void A_masked_card_whose_weights_have_another_vocabulary_is_refused()
    {
        var path = Save(Card, weightsOf: Card with { Vocabulary = ["", "C", "O"] });
        var loaded = ModelCards.Read(path);
        var e = Assert.Throws<InvalidCardException>(() => ModelLoader.MaskedDenoiser(loaded));
        Assert.Contains("does not hold the weights of its architecture", e.Message);
    }
}
