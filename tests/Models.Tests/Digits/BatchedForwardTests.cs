using Orchestrator.Models.Tests.Support;
using Orchestrator.Rewards.Classifiers;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Tensors;
using static TorchSharp.torch;

namespace Orchestrator.Models.Tests.Digits;

/// <summary>
/// A population larger than one forward batch (<see cref="ForwardBatches.MaxRows"/>) gets the answers it would get in
/// small pieces: every row's time and label stay with its state across the batch cuts.
/// </summary>
public class BatchedForwardTests
{
    const int Rows = 2 * ForwardBatches.MaxRows + 100, Piece = 300;

    [Fact]
    public void TheDenoiser_GivesEachRowWhatItGivesInPiecesOf300()
    {
        using var scope = NewDisposeScope();
        var denoiser = ShippedModels.DigitsDenoiser();
        var random = new System.Random(11);
        var x = tensor(Enumerable.Range(0, Rows * 64).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), [Rows, 1, 8, 8]);
        var times = Enumerable.Range(0, Rows).Select(_ => random.NextDouble() * 0.98 + 0.01).ToArray();
        var t = tensor(times.Select(v => (float)v).ToArray());
        var alphaBar = tensor(times.Select(v => (float)denoiser.Schedule.AlphaBar(v)).ToArray());
        var labels = tensor(Enumerable.Range(0, Rows).Select(_ => (long)random.Next(-1, ShippedModels.Classes)).ToArray());
        DenoiserInput Rows_(long start, long count) => new(x.narrow(0, start, count), t.narrow(0, start, count), alphaBar.narrow(0, start, count), labels.narrow(0, start, count));

        var whole = denoiser.Predict(Rows_(0, Rows));
        var pieces = cat(Enumerable.Range(0, (Rows + Piece - 1) / Piece).Select(p => denoiser.Predict(Rows_(p * Piece, Math.Min(Piece, Rows - p * Piece)))).ToList(), 0);

        Assert.True(whole.allclose(pieces, rtol: 1e-4, atol: 1e-5), $"largest difference {(whole - pieces).abs().max().item<float>()}");
    }

    [Fact]
    public async Task TheClassifierReward_GivesEachRowWhatItGivesInPiecesOf300()
    {
        var random = new System.Random(5);
        var values = Enumerable.Range(0, Rows * 64).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var reward = new ClassifierReward(ShippedModels.Card(ShippedModels.SteeringClassifier), label: 7);

        var whole = await reward.ScoreAsync(SampleBatch.Continuous(Rows, [1, 8, 8], values), CancellationToken.None);
        var pieces = new List<double>();
        for (int start = 0; start < Rows; start += Piece)
        {
            var count = Math.Min(Piece, Rows - start);
            pieces.AddRange(await reward.ScoreAsync(SampleBatch.Continuous(count, [1, 8, 8], values[(start * 64)..((start + count) * 64)]), CancellationToken.None));
        }

        Assert.Equal(pieces.Count, whole.Length);
        for (int i = 0; i < Rows; i++) Assert.True(Math.Abs(whole[i] - pieces[i]) < 1e-4, $"row {i}: {whole[i]} whole, {pieces[i]} in pieces");
    }
}
