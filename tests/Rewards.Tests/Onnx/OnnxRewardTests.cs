using Orchestrator.Rewards.Onnx;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Tests.Support;
using TorchSharp;

namespace Orchestrator.Rewards.Tests.Onnx;

public class OnnxRewardTests
{
    static readonly string Classifier = FixtureFiles.Fixture("tiny_classifier.onnx");

    static (SampleBatch Images, float[] LogProbabilities) ClassifierReference()
    {
        var reference = TensorFile.Read(FixtureFiles.Fixture("tiny_classifier.reference.tensors"));
        var images = reference["images"];
        return (SampleBatch.Continuous((int)images.Shape[0], images.Shape[1..], images.Floats!), reference["log_probabilities"].Floats!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)]
    public async Task Class_log_probabilities_match_the_TorchSharp_twin_and_PyTorch(int label)
    {
        var (images, pytorch) = ClassifierReference();
        using var reward = new OnnxReward(new OnnxRewardOptions(Classifier, "image", "logits", Index: label, LogSoftmax: true));
        var scores = await reward.ScoreAsync(images, default);

        using var twin = new TinyClassifierTwin(FixtureFiles.Fixture("tiny_classifier.weights.tensors"));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(images.Values!, [images.Rows, .. images.RowShape]);
        var twinScores = twin.forward(input).log_softmax(1)[.., label].to_type(torch.ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < images.Rows; i++)
        {
            Assert.Equal(twinScores[i], scores[i], 1e-5);
            Assert.Equal(pytorch[i * 10 + label], scores[i], 1e-5);
        }
    }

    [Fact]
    public async Task Outputs_of_shape_N_and_N_by_1_need_no_index()
    {
        // Both outputs are x0 - 2 x1.
        var batch = SampleBatch.Continuous(3, [2], [1, 0, 0, 1, 2.5f, -1]);
        var path = FixtureFiles.Fixture("linear_scorer.onnx");
        using var vector = new OnnxReward(new OnnxRewardOptions(path, "x", "score"));
        using var column = new OnnxReward(new OnnxRewardOptions(path, "x", "score_column"));
        var vectorScores = await vector.ScoreAsync(batch, default);
        var columnScores = await column.ScoreAsync(batch, default);
        Assert.Equal([1.0, -2.0, 4.5], vectorScores);
        Assert.Equal([1.0, -2.0, 4.5], columnScores);
        Assert.Equal("onnx(linear_scorer.onnx)", vector.Name);
    }

    [Fact]
    public async Task Token_batches_are_fed_as_int64()
    {
        var batch = SampleBatch.Discrete(3, [4], [2, 2, 0, 2, 1, 1, 1, 1, 2, 3, 4, 5]);
        using var reward = new OnnxReward(new OnnxRewardOptions(FixtureFiles.Fixture("token_counter.onnx"), "tokens", "count", Name: "twos"));
        var scores = await reward.ScoreAsync(batch, default);
        Assert.Equal([3.0, 0.0, 1.0], scores);
    }

    [Fact]
    public async Task Scoring_from_several_threads_at_once_gives_the_same_scores()
    {
        var (images, _) = ClassifierReference();
        using var reward = new OnnxReward(new OnnxRewardOptions(Classifier, "image", "logits", Index: 1));
        var alone = await reward.ScoreAsync(images, default);
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => reward.ScoreAsync(images, default).AsTask())));
        Assert.All(together, scores => Assert.Equal(alone, scores));
    }

    [Fact]
    public void Unknown_names_are_refused_listing_the_names_the_model_has()
    {
        var input = Assert.Throws<ArgumentException>(() => new OnnxReward(new OnnxRewardOptions(Classifier, "pixels", "logits", Index: 0)));
        Assert.Contains("no tensor input 'pixels'; its inputs: image (Float [?, 1, 8, 8])", input.Message);
        var output = Assert.Throws<ArgumentException>(() => new OnnxReward(new OnnxRewardOptions(Classifier, "image", "probabilities", Index: 0)));
        Assert.Contains("no tensor output 'probabilities'; its outputs: logits (Float [?, 10])", output.Message);
    }

    [Fact]
    public void A_many_column_output_needs_an_index_inside_it()
    {
        var missing = Assert.Throws<ArgumentException>(() => new OnnxReward(new OnnxRewardOptions(Classifier, "image", "logits")));
        Assert.Contains("has 10 columns; give the index", missing.Message);
        var outside = Assert.Throws<ArgumentException>(() => new OnnxReward(new OnnxRewardOptions(Classifier, "image", "logits", Index: 10)));
        Assert.Contains("index 10 is outside", outside.Message);
    }

    [Fact]
    public async Task Batches_the_model_cannot_take_are_refused_naming_its_input()
    {
        using var reward = new OnnxReward(new OnnxRewardOptions(Classifier, "image", "logits", Index: 0, Name: "digit"));
        var small = SampleBatch.Continuous(1, [1, 4, 4], new float[16]);
        var shape = await Assert.ThrowsAsync<ArgumentException>(() => reward.ScoreAsync(small, default).AsTask());
        Assert.Contains("'digit'", shape.Message);
        Assert.Contains("takes rows of shape [1, 8, 8], not [1, 4, 4]", shape.Message);
        var tokens = SampleBatch.Discrete(1, [1, 8, 8], new long[64]);
        var kind = await Assert.ThrowsAsync<ArgumentException>(() => reward.ScoreAsync(tokens, default).AsTask());
        Assert.Contains("takes continuous samples, not tokens", kind.Message);
    }

    [Fact]
    public void Missing_and_unreadable_model_files_are_refused_naming_the_file()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => new OnnxReward(new OnnxRewardOptions("/nowhere/model.onnx", "x", "y")));
        Assert.Contains("/nowhere/model.onnx", missing.Message);
        var notOnnx = FixtureFiles.Fixture("README.md");
        var unreadable = Assert.Throws<ArgumentException>(() => new OnnxReward(new OnnxRewardOptions(notOnnx, "x", "y")));
        Assert.Contains(notOnnx, unreadable.Message);
    }
}
