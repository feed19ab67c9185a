using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Tests.Support;
using Orchestrator.Steering.Models;
using static TorchSharp.torch;

namespace Orchestrator.Models.Tests.Cards;

/// <summary>A process loads each model once: jobs share it, a changed file is loaded afresh, and no caller's dispose scope can take it.</summary>
public sealed class SharedModelTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A copy of the shipped digits card and weights in a folder of its own (so no other test has loaded it).</summary>
    LoadedCard Copy()
    {
        var shipped = ModelRegistry.Default.Resolve("digits");
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, Guid.NewGuid().ToString("N"))).FullName;
        File.Copy(shipped.CardPath, Path.Combine(folder, ModelCards.FileName));
        File.Copy(shipped.WeightsPath, Path.Combine(folder, shipped.Card.File));
        return ModelCards.Read(Path.Combine(folder, ModelCards.FileName));
    }

    [Fact]
    public void The_same_files_give_the_same_model_and_changed_weights_a_new_one()
    {
        var card = Copy();

        var first = ModelLoader.Denoiser(card);
        Assert.Same(first, ModelLoader.Denoiser(card));
        Assert.Same(ModelLoader.Classifier(ShippedModels.Card(ShippedModels.Judge)), ModelLoader.Classifier(ShippedModels.Card(ShippedModels.Judge)));

        File.SetLastWriteTimeUtc(card.WeightsPath, DateTime.UtcNow.AddMinutes(1));   // as a retrained model would be
        Assert.NotSame(first, ModelLoader.Denoiser(card));
    }

    [Fact]
    public void A_model_first_loaded_inside_a_callers_dispose_scope_outlives_it()
    {
        var card = Copy();
        IDenoiser denoiser;
        using (NewDisposeScope())
            denoiser = ModelLoader.Denoiser(card);

        using var scope = NewDisposeScope();
        var x = zeros(4, 1, 8, 8);
        var output = denoiser.Predict(DenoiserInput.At(x, denoiser.Schedule, 0.5));
        Assert.Equal(x.shape, output.shape);
        Assert.False(output.isnan().any().item<bool>());
    }
}
