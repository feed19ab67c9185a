using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orchestrator.Rewards.Tests.Onnx;

/// <summary>
/// The fixture classifier rebuilt in TorchSharp (flatten, Linear 64->16, tanh, Linear 16->10) with the
/// weights PyTorch wrote: an independent implementation to hold the ONNX reward's numbers against.
/// </summary>
sealed class TinyClassifierTwin : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1 = nn.Linear(64, 16);
    readonly Linear fc2 = nn.Linear(16, 10);

    public TinyClassifierTwin(string weightsPath) : base(nameof(TinyClassifierTwin))
    {
        RegisterComponents();
        var weights = TensorFile.Read(weightsPath).ToDictionary(w => w.Key, w => w.Value.ToTensor());
        var (missing, unexpected) = load_state_dict(weights);
        if (missing.Count + unexpected.Count > 0)
            throw new InvalidDataException($"weights do not fit the twin: missing {string.Join(", ", missing)}, unexpected {string.Join(", ", unexpected)}");
        foreach (var w in weights.Values) w.Dispose();
    }

    public override Tensor forward(Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        return fc2.forward(fc1.forward(image.flatten(1)).tanh()).MoveToOuterDisposeScope();
    }
}
