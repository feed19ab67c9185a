using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Onnx;

/// <summary>
/// A verifier that is an ONNX model (a classifier, an aesthetic scorer, a sequence model), run by ONNX
/// Runtime on the CPU. The model's names and shapes are checked when the reward is built, so a wrong
/// spec fails before any sampling. One session per reward, safe to score from several threads; dispose
/// the reward to free it.
/// </summary>
public sealed class OnnxReward : IReward, IDisposable
{
    readonly InferenceSession session;
    readonly OnnxModelShape input;
    readonly OnnxModelShape output;

    public OnnxReward(OnnxRewardOptions options)
    {
        Options = options;
        Name = options.Name ?? $"onnx({Path.GetFileName(options.ModelPath)})";
        session = Open(options.ModelPath);
        try
        {
            input = Declared(session.InputMetadata, options.Input, "input");
            output = Declared(session.OutputMetadata, options.Output, "output");
            CheckInput();
            OnnxScores.CheckOutput(output, options, Describe);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public OnnxRewardOptions Options { get; }

    public string Name { get; }

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        if (input.Mismatch(batch.RowShape) is { } mismatch) throw new ArgumentException($"{Describe()}: {mismatch}");
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        using var fed = Feed(batch);
        try
        {
            using var results = session.Run(runOptions, [Options.Input], [fed], [Options.Output]);
            return ValueTask.FromResult(OnnxScores.Read(results.First(), batch.Rows, Options, Name));
        }
        catch (OnnxRuntimeException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new RewardException($"reward '{Name}' failed running {Options.ModelPath}: {e.Message}");
        }
    }

    public void Dispose() => session.Dispose();

    string Describe() => $"ONNX reward '{Name}' ({Options.ModelPath})";

    static InferenceSession Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ONNX model file '{path}' does not exist", path);
        // One thread per session, like the engine's torch default: jobs run side by side on few cores.
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try
        {
            return new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ArgumentException($"ONNX Runtime cannot load '{path}': {e.Message}", nameof(path), e);
        }
    }

    OnnxModelShape Declared(IReadOnlyDictionary<string, NodeMetadata> declared, string name, string kind)
    {
        if (declared.TryGetValue(name, out var metadata) && metadata.IsTensor) return OnnxModelShape.Of(name, metadata);
        var names = string.Join(", ", declared.Select(d => OnnxModelShape.Of(d.Key, d.Value)));
        throw new ArgumentException($"{Describe()}: the model has no tensor {kind} '{name}'; its {kind}s: {names}");
    }

    void CheckInput()
    {
        if (session.InputMetadata.Count > 1)
            throw new ArgumentException($"{Describe()}: the model has inputs {string.Join(", ", session.InputMetadata.Keys)} but an ONNX reward feeds only '{Options.Input}'");
        if (input.ElementType is not (TensorElementType.Float or TensorElementType.Int64))
            throw new ArgumentException($"{Describe()}: the input {input} must be float32 (continuous samples) or int64 (tokens)");
        if (input.Rank < 1) throw new ArgumentException($"{Describe()}: the input {input} has no batch axis");
    }

    OrtValue Feed(SampleBatch batch)
    {
        long[] shape = [batch.Rows, .. batch.RowShape];
        return input.ElementType switch
        {
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(
                batch.Values ?? throw new ArgumentException($"{Describe()}: the input {input} takes continuous samples, not tokens"), shape),
            _ => OrtValue.CreateTensorValueFromMemory(
                batch.Tokens ?? throw new ArgumentException($"{Describe()}: the input {input} takes token ids, not continuous samples"), shape),
        };
    }
}
