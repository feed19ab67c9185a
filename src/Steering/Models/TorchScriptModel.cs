using System.Runtime.InteropServices;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// A user's TorchScript file (torch.jit.save) run for inference by libtorch: loading, and every call's
/// output shape checked, with errors that name the file. The denoisers built on it probe it once when
/// constructed, so a model that does not fit its card fails before any sampling.
/// </summary>
sealed class TorchScriptModel : IDisposable
{
    readonly jit.ScriptModule<Tensor> module;

    public TorchScriptModel(string path)
    {
        Path = path;
        if (!File.Exists(path)) throw new FileNotFoundException($"TorchScript model file '{path}' does not exist", path);
        try
        {
            module = torch.jit.load<Tensor>(path);
        }
        catch (ExternalException e)
        {
            throw new ArgumentException($"'{path}' is not a TorchScript model libtorch can load (save one with torch.jit.save): {Brief(e.Message)}", nameof(path), e);
        }
        module.eval();
    }

    public string Path { get; }

    /// <summary>
    /// forward(inputs) without gradients; the output must have <paramref name="expected"/> shape.
    /// A failure is reported through <paramref name="error"/>, which builds the exception from a message.
    /// </summary>
    public Tensor Call(long[] expected, Func<string, Exception, Exception> error, params Tensor[] inputs)
    {
        using var noGrad = torch.no_grad();
        Tensor output;
        try
        {
            output = module.call(inputs);
        }
        catch (Exception e) when (e is ExternalException or InvalidCastException)
        {
            throw error($"TorchScript model '{Path}' failed on inputs {Shapes(inputs)}: {Brief(e.Message)}", e);
        }
        if (!output.shape.SequenceEqual(expected))
        {
            var message = $"TorchScript model '{Path}' returned shape {Shape(output.shape)} for inputs {Shapes(inputs)}; expected {Shape(expected)}";
            output.Dispose();
            throw error(message, new InvalidDataException(message));
        }
        return output;
    }

    /// <summary>Labels for the network: the caller's, or <see cref="DenoiserInput.NoLabel"/> for every row.</summary>
    public static Tensor LabelsOrUnconditional(Tensor? labels, long rows) =>
        labels is not null ? labels.to_type(ScalarType.Int64) : TensorMath.Filled([rows], DenoiserInput.NoLabel, ScalarType.Int64);

    /// <summary>Errors found by the probe when a denoiser is built are the card's or the file's fault.</summary>
    public static Exception WhenLoading(string message, Exception inner) => new ArgumentException($"{message} (checked when loading)", inner);

    /// <summary>Errors found while sampling.</summary>
    public static Exception WhenRunning(string message, Exception inner) => new InvalidOperationException(message, inner);

    public void Dispose() => module.Dispose();

    /// <summary>
    /// The part of a libtorch error a user can act on: without the C++ frames ("Exception raised from ...")
    /// and, for errors inside a TorchScript forward, only the final line that says what went wrong (the
    /// inner exception keeps the whole text).
    /// </summary>
    static string Brief(string message)
    {
        var cut = message.IndexOf("\nException raised from", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        if (!message.Contains("Traceback of TorchScript", StringComparison.Ordinal)) return message.Trim();
        return message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
    }

    static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    static string Shapes(Tensor[] inputs) => string.Join(", ", inputs.Select(t => $"{t.dtype} {Shape(t.shape)}"));
}
