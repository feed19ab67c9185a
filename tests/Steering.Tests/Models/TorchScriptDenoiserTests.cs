using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Tests.Models;

/// <summary>The fixture tiny_denoiser.pt (tools/fixtures/make_torchscript_fixtures.py) against the outputs eager PyTorch gave.</summary>
public class TorchScriptDenoiserTests
{
    static readonly string ModelFile = FixtureFiles.Fixture("tiny_denoiser.pt");
    static readonly IReadOnlyDictionary<string, FixtureTensor> Reference = TensorFile.Read(FixtureFiles.Fixture("tiny_denoiser.reference.tensors"));

    static TorchScriptDenoiser Load(long[]? shape = null) =>
        new(ModelFile, new LinearVpSchedule(), Parameterisation.Epsilon, shape ?? [1, 4, 4]);

    static DenoiserInput Input(Tensor x, Tensor? labels) =>
        new(x, Reference["t"].ToTensor(), torch.ones(x.shape[0], ScalarType.Float64), labels);

    [Fact]
    public void Outputs_match_eager_PyTorch_for_every_time_and_label()
    {
        using var denoiser = Load();
        using var scope = torch.NewDisposeScope();
        var output = denoiser.Predict(Input(Reference["x"].ToTensor(), Reference["labels"].ToTensor()));
        Assert.Equal([5L, 1, 4, 4], output.shape);
        AssertClose(Reference["output"].Floats!, output.data<float>().ToArray());
    }

    [Fact]
    public void No_labels_means_label_minus_one_for_every_row()
    {
        // Rows 0 and 4 of the reference were run with label -1.
        using var denoiser = Load();
        using var scope = torch.NewDisposeScope();
        var output = denoiser.Predict(Input(Reference["x"].ToTensor(), null)).data<float>().ToArray();
        var expected = Reference["output"].Floats!;
        AssertClose(expected[..16], output[..16]);
        AssertClose(expected[64..], output[64..]);
    }

    [Fact]
    public void Float64_states_get_float64_outputs()
    {
        using var denoiser = Load();
        using var scope = torch.NewDisposeScope();
        var x = Reference["x"].ToTensor().to_type(ScalarType.Float64);
        var output = denoiser.Predict(Input(x, Reference["labels"].ToTensor()));
        Assert.Equal(ScalarType.Float64, output.dtype);
        AssertClose(Reference["output"].Floats!, output.to_type(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void A_sample_shape_the_model_cannot_take_is_refused_when_loading_naming_the_file()
    {
        // The first convolution wants one channel.
        var error = Assert.Throws<ArgumentException>(() => Load([3, 4, 4]));
        Assert.Contains($"TorchScript model '{ModelFile}' failed on inputs Float32 [1, 3, 4, 4], Float32 [1], Int64 [1]", error.Message);
        Assert.EndsWith("to have 1 channels, but got 3 channels instead (checked when loading)", error.Message);
    }

    [Fact]
    public void Missing_and_unreadable_files_are_refused_naming_the_file()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => new TorchScriptDenoiser("/nowhere/model.pt", new LinearVpSchedule(), Parameterisation.X0, [1, 4, 4]));
        Assert.Contains("'/nowhere/model.pt' does not exist", missing.Message);
        var onnx = FixtureFiles.Fixture("tiny_classifier.onnx");
        var unreadable = Assert.Throws<ArgumentException>(() => new TorchScriptDenoiser(onnx, new LinearVpSchedule(), Parameterisation.X0, [1, 8, 8]));
        Assert.Contains($"'{onnx}' is not a TorchScript model", unreadable.Message);
    }

    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
    }
}
