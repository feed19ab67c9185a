using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// A masked (absorbing-state) diffusion model a user trained in PyTorch and saved as TorchScript, with
/// <c>forward(tokens: int64 [N, ...shape], alpha: float32 [N], labels: int64 [N]) -> float32 logits [N, ...shape, V]</c>,
/// where tokens are 0 .. V-1 and V is the mask, alpha is the schedule's alpha(t) (the fraction still
/// unmasked) and label -1 asks for the unconditional output. Returns the logits' log-softmax in float64.
/// Loading runs one fully masked probe row to check the shape.
/// </summary>
public sealed class TorchScriptMaskedDenoiser : IMaskedDenoiser, IDisposable
{
    readonly TorchScriptModel model;

    public TorchScriptMaskedDenoiser(string path, MaskingSchedule schedule, int vocabulary, long[] sampleShape)
    {
        if (vocabulary < 1) throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, "a masked model needs at least one real token");
        Schedule = schedule;
        Vocabulary = vocabulary;
        SampleShape = (long[])sampleShape.Clone();
        model = new TorchScriptModel(path);
        try
        {
            using var scope = torch.NewDisposeScope();
            var probe = TensorMath.Filled([1, .. SampleShape], vocabulary, ScalarType.Int64);
            Run(probe, TensorMath.Filled(1, 0.0, ScalarType.Float32), null, TorchScriptModel.WhenLoading);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public string Path => model.Path;

    public MaskingSchedule Schedule { get; }

    public int Vocabulary { get; }

    public long[] SampleShape { get; }

    public Tensor LogProbabilities(DenoiserInput input)
    {
        using var scope = torch.NewDisposeScope();
        var (tokens, alpha) = (input.X.to_type(ScalarType.Int64), input.AlphaBar.to_type(ScalarType.Float32));
        var logits = ForwardBatches.Map(tokens.shape[0], (start, rows) =>
            Run(tokens.narrow(0, start, rows), alpha.narrow(0, start, rows), input.Labels?.narrow(0, start, rows), TorchScriptModel.WhenRunning));
        return logits.to_type(ScalarType.Float64).log_softmax(-1).MoveToOuterDisposeScope();
    }

    public void Dispose() => model.Dispose();

    Tensor Run(Tensor tokens, Tensor alpha, Tensor? labels, Func<string, Exception, Exception> error) =>
        model.Call([.. tokens.shape, Vocabulary], error, tokens, alpha, TorchScriptModel.LabelsOrUnconditional(labels, tokens.shape[0]));
}
