using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// A continuous diffusion model a user trained in PyTorch and saved as TorchScript, with
/// <c>forward(x: float32 [N, ...shape], t: float32 [N], labels: int64 [N]) -> float32 [N, ...shape]</c>
/// (label -1 asks for the unconditional output). The schedule, parameterisation and shape come from
/// the model card: the file does not say them. Loading runs one probe row to check the shape.
/// </summary>
public sealed class TorchScriptDenoiser : IDenoiser, IDisposable
{
    readonly TorchScriptModel model;

    public TorchScriptDenoiser(string path, INoiseSchedule schedule, Parameterisation parameterisation, long[] sampleShape)
    {
        Schedule = schedule;
        Parameterisation = parameterisation;
        SampleShape = (long[])sampleShape.Clone();
        model = new TorchScriptModel(path);
        try
        {
            using var scope = torch.NewDisposeScope();
            var probe = torch.zeros([1, .. SampleShape], ScalarType.Float32);
            Run(probe, TensorMath.Filled(1, 0.5, ScalarType.Float32), null, TorchScriptModel.WhenLoading);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public string Path => model.Path;

    public INoiseSchedule Schedule { get; }

    public Parameterisation Parameterisation { get; }

    public long[] SampleShape { get; }

    public Tensor Predict(DenoiserInput input)
    {
        using var scope = torch.NewDisposeScope();
        var (x, t) = (input.X.to_type(ScalarType.Float32), input.T.to_type(ScalarType.Float32));
        var output = ForwardBatches.Map(x.shape[0], (start, rows) =>
            Run(x.narrow(0, start, rows), t.narrow(0, start, rows), input.Labels?.narrow(0, start, rows), TorchScriptModel.WhenRunning));
        return output.to_type(input.X.dtype).MoveToOuterDisposeScope();
    }

    public void Dispose() => model.Dispose();

    Tensor Run(Tensor x, Tensor t, Tensor? labels, Func<string, Exception, Exception> error) =>
        model.Call(x.shape, error, x, t, TorchScriptModel.LabelsOrUnconditional(labels, x.shape[0]));
}
