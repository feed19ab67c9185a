using System.Text.Json.Nodes;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Tests.Support;

namespace Orchestrator.Models.Tests.Cards;

/// <summary>
/// Cards with one thing wrong, written as copies of the shipped digits card (with its weights) into a
/// temp folder: each gives an <see cref="InvalidCardException"/> naming the card's file and the problem.
/// </summary>
public sealed class InvalidCardTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>The shipped card of <paramref name="model"/>, changed by <paramref name="change"/>, in a folder of its own with its weights.</summary>
    string WriteCard(string model, Action<JsonObject> change, bool copyWeights = true)
    {
        var shipped = ModelRegistry.Default.Resolve(model);
        var json = JsonNode.Parse(File.ReadAllText(shipped.CardPath))!.AsObject();
        change(json);
        var folder = Path.Combine(temp.Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (copyWeights) File.Copy(shipped.WeightsPath, Path.Combine(folder, shipped.Card.File));
        var path = Path.Combine(folder, ModelCards.FileName);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    static void AssertInvalid(string path, Action read, params string[] problems)
    {
        var e = Assert.Throws<InvalidCardException>(read);
        Assert.Equal(path, e.CardPath);
        Assert.StartsWith($"model card {path}: ", e.Message);
        foreach (var problem in problems) Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void An_unchanged_copy_is_valid()
    {
        // The control: the copies below fail for what was changed, not for being copies.
        var path = WriteCard("digits", _ => { });
        var loaded = ModelCards.Read(path);
        Assert.Equal("digits", loaded.Card.Name);
        Assert.NotNull(ModelLoader.Denoiser(loaded));
    }

    [Fact]
    public void A_continuous_card_without_a_shape()
    {
        var path = WriteCard("digits", j => j.Remove("shape"));
        AssertInvalid(path, () => ModelCards.Read(path), "a continuous model needs a shape of positive sizes");
    }

    [Fact]
    public void A_shape_with_a_zero_size()
    {
        var path = WriteCard("digits", j => j["shape"] = new JsonArray(1, 0, 8));
        AssertInvalid(path, () => ModelCards.Read(path), "a continuous model needs a shape of positive sizes");
    }

    [Fact]
    public void A_classifier_card_without_a_shape()
    {
        var path = WriteCard("digits-classifier", j => j.Remove("shape"));
        AssertInvalid(path, () => ModelCards.Read(path), "a classifier needs the shape of its input");
    }

    [Fact]
    public void An_unknown_parameterisation()
    {
        var path = WriteCard("digits", j => j["parameterisation"] = "score");
        AssertInvalid(path, () => ModelCards.Read(path), "parameterisation must be x0, epsilon or v");
    }

    [Fact]
    public void An_unknown_schedule()
    {
        var path = WriteCard("digits", j => j["schedule"] = "sigmoid");
        AssertInvalid(path, () => ModelCards.Read(path), "schedule must be linear or cosine");
    }

    [Fact]
    public void An_unknown_kind()
    {
        var path = WriteCard("digits", j => j["kind"] = "gan");
        AssertInvalid(path, () => ModelCards.Read(path), "kind must be continuous, masked or classifier, not 'gan'");
    }

    [Fact]
    public void An_unknown_format()
    {
        var path = WriteCard("digits", j => j["format"] = "onnx");
        AssertInvalid(path, () => ModelCards.Read(path), "format must be 'torchsharp' or 'torchscript', not 'onnx'");
    }

    [Fact]
    public void Several_problems_are_all_named()
    {
        var path = WriteCard("digits", j => { j.Remove("shape"); j["parameterisation"] = "score"; });
        AssertInvalid(path, () => ModelCards.Read(path), "a continuous model needs a shape", "parameterisation must be x0, epsilon or v");
    }

    [Fact]
    public void A_missing_weights_file()
    {
        var path = WriteCard("digits", _ => { }, copyWeights: false);
        AssertInvalid(path, () => ModelCards.Read(path), $"its file {Path.Combine(Path.GetDirectoryName(path)!, "digits.bin")} does not exist");
    }

    [Fact]
    public void An_unknown_field()
    {
        var path = WriteCard("digits", j => j["colour"] = "blue");
        AssertInvalid(path, () => ModelCards.Read(path), "property 'colour' could not be mapped");
    }

    [Fact]
    public void A_missing_required_field()
    {
        var path = WriteCard("digits", j => j.Remove("file"));
        AssertInvalid(path, () => ModelCards.Read(path), "missing required properties", "'file'");
    }

    [Fact]
    public void A_file_that_is_not_json()
    {
        var path = Path.Combine(temp.Path, "broken.json");
        File.WriteAllText(path, "{ \"name\": ");
        AssertInvalid(path, () => ModelCards.Read(path), "JSON", "$.name");
    }

    [Fact]
    public void Weights_of_a_different_width()
    {
        // Same network type, half the width: the card reads, but the weights do not fit.
        var path = WriteCard("digits", j => j["architecture"]!["width"] = 128);
        var loaded = ModelCards.Read(path);
        AssertInvalid(path, () => ModelLoader.Denoiser(loaded), "does not hold the weights of its architecture");
    }

    [Fact]
    public void Weights_of_a_different_depth()
    {
        var path = WriteCard("digits", j => j["architecture"]!["depth"] = 2);
        var loaded = ModelCards.Read(path);
        AssertInvalid(path, () => ModelLoader.Denoiser(loaded), "does not hold the weights of its architecture");
    }

    [Fact]
    public void A_classifier_card_with_the_other_classifiers_architecture()
    {
        // The MLP classifier's weights under a card that says CNN.
        var path = WriteCard("digits-classifier", j => j["architecture"] = JsonNode.Parse("""{ "type": "cnn-classifier", "width": 32, "depth": 2, "heads": 0 }"""));
        var loaded = ModelCards.Read(path);
        AssertInvalid(path, () => ModelLoader.Classifier(loaded), "does not hold the weights of its architecture");
    }

    [Fact]
    public void A_weights_file_that_is_not_weights()
    {
        var path = WriteCard("digits", _ => { });
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "digits.bin"), "not weights");
        var loaded = ModelCards.Read(path);
        AssertInvalid(path, () => ModelLoader.Denoiser(loaded), "does not hold the weights of its architecture");
    }
}
