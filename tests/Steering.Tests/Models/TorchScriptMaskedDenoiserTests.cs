using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Models;

/// <summary>The fixture tiny_masked_denoiser.pt (6 tokens from 5, token 5 = mask) against eager PyTorch.</summary>
public class TorchScriptMaskedDenoiserTests
{
    static readonly string ModelFile = FixtureFiles.Fixture("tiny_masked_denoiser.pt");
    static readonly IReadOnlyDictionary<string, FixtureTensor> Reference = TensorFile.Read(FixtureFiles.Fixture("tiny_masked_denoiser.reference.tensors"));

    [Fact]
    public void Log_probabilities_are_the_log_softmax_of_eager_PyTorch_logits_in_float64()
    {
        using var denoiser = new TorchScriptMaskedDenoiser(ModelFile, MaskingSchedule.Linear, 5, [6]);
        Assert.Equal(5L, denoiser.MaskToken());
        using var scope = torch.NewDisposeScope();
        var alpha = Reference["alpha"].ToTensor();                       // alpha(t) = 1 - t under the linear schedule
        var input = new DenoiserInput(Reference["tokens"].ToTensor(), alpha.OneMinus(), alpha.to_type(ScalarType.Float64), Reference["labels"].ToTensor());
        var logProbabilities = denoiser.LogProbabilities(input);
        Assert.Equal(ScalarType.Float64, logProbabilities.dtype);
        Assert.Equal([4L, 6, 5], logProbabilities.shape);
        var actual = logProbabilities.to_type(ScalarType.Float32).data<float>().ToArray();
        TorchScriptDenoiserTests.AssertClose(Reference["log_probabilities"].Floats!, actual);
    }

    [Fact]
    public void A_vocabulary_the_model_does_not_have_is_refused_when_loading_naming_the_file()
    {
        var error = Assert.Throws<ArgumentException>(() => new TorchScriptMaskedDenoiser(ModelFile, MaskingSchedule.Linear, 4, [6]));
        Assert.Contains($"TorchScript model '{ModelFile}' returned shape [1, 6, 5] for inputs Int64 [1, 6], Float32 [1], Int64 [1]; expected [1, 6, 4]", error.Message);
    }

    [Fact]
    public void A_continuous_model_is_not_taken_for_a_masked_one()
    {
        var file = FixtureFiles.Fixture("tiny_denoiser.pt");
        var error = Assert.Throws<ArgumentException>(() => new TorchScriptMaskedDenoiser(file, MaskingSchedule.Linear, 5, [6]));
        Assert.Contains($"TorchScript model '{file}' failed on inputs Int64 [1, 6]", error.Message);
    }
}
