using System.Globalization;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Samples.RewardPlugin;

/// <summary>
/// How much an image looks like a checkerboard: r(x) = mean over pixels of s(h, w) x[h, w], where s is +1 on
/// the board's light cells and -1 on its dark ones (cell (0, 0) is light). Rows are [H, W] or [C, H, W].
/// Option "cell": the side of one cell in pixels (default 1).
/// </summary>
public sealed class CheckerboardReward : IReward
{
    readonly int cell;

    /// <summary>The host calls this with the options a job spec gives the reward.</summary>
    public CheckerboardReward(IReadOnlyDictionary<string, string> options)
    {
        foreach (var key in options.Keys)
            if (key != "cell") throw new ArgumentException($"checkerboard has no option '{key}' (it has: cell)");
        cell = 1;
        if (options.TryGetValue("cell", out var text) && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cell) || cell < 1))
            throw new ArgumentException($"checkerboard's cell must be a whole number of pixels, at least 1, not '{text}'");
    }

    public string Name => cell == 1 ? "checkerboard" : $"checkerboard(cell {cell})";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var (height, width) = Images.Size(batch, Name);
        var scores = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
        {
            var row = batch.Row(i);
            var sum = 0.0;
            for (int p = 0; p < row.Length; p++)
            {
                int h = p / width % height, w = p % width;
                sum += (h / cell + w / cell) % 2 == 0 ? row[p] : -row[p];
            }
            scores[i] = sum / row.Length;
        }
        return ValueTask.FromResult(scores);
    }
}
