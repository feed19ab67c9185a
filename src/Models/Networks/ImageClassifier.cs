using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Models.Networks;

/// <summary>
/// Image classifiers used as verifiers: "mlp-classifier" (two hidden layers of <c>width</c>) and
/// "cnn-classifier" (two strided convolutions of <c>width</c> channels, pooled to 4x4), so the steering
/// classifier and the held-out one differ in architecture as well as in data and seed.
/// Returns logits [N, classes].
/// </summary>
public sealed class ImageClassifier : nn.Module<Tensor, Tensor>
{
    readonly Sequential body;

    public ImageClassifier(string type, long[] shape, int width, int classes) : base(nameof(ImageClassifier))
    {
        var pixels = (int)shape.Aggregate(1L, (a, b) => a * b);
        var channels = shape.Length == 3 ? shape[0] : 1;
        body = type switch
        {
            "mlp-classifier" => nn.Sequential(
                nn.Flatten(), nn.Linear(pixels, width), nn.SiLU(), nn.Dropout(0.2), nn.Linear(width, width), nn.SiLU(), nn.Linear(width, classes)),
            "cnn-classifier" => nn.Sequential(
                nn.Unflatten(1, [channels, shape[^2], shape[^1]]),
                nn.Conv2d(channels, width, 3, padding: 1), nn.SiLU(),
                nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1), nn.SiLU(),
                nn.AdaptiveAvgPool2d([4, 4]), nn.Flatten(), nn.Dropout(0.2), nn.Linear(2 * width * 16, classes)),
            _ => throw new ArgumentException($"unknown classifier type '{type}' (known: mlp-classifier, cnn-classifier)"),
        };
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => body.forward(x.flatten(1));
}
