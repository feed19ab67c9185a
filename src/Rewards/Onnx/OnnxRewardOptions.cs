namespace Orchestrator.Rewards.Onnx;

/// <summary>
/// Which ONNX model scores a batch and how its output becomes one score per row.
/// </summary>
/// <param name="ModelPath">The .onnx file.</param>
/// <param name="Input">The model input fed the batch: float32 [N, ...row shape] for continuous samples, int64 for token sequences.</param>
/// <param name="Output">The model output read as scores: [N], [N, 1] or [N, K].</param>
/// <param name="Index">The column of an [N, K] output (e.g. a class); an [N] or [N, 1] output needs none.</param>
/// <param name="LogSoftmax">Turn each row of an [N, K] output (logits) into log-probabilities before taking the column.</param>
/// <param name="Name">The reward's name in traces and errors; "onnx(file name)" if null.</param>
public sealed record OnnxRewardOptions(
    string ModelPath,
    string Input,
    string Output,
    int? Index = null,
    bool LogSoftmax = false,
    string? Name = null);
