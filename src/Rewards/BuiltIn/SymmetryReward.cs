using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.BuiltIn;

/// <summary>
/// Left-right symmetry: r(x) = -mean((x - mirror(x))^2) over every pixel of every channel, where mirror
/// flips the columns. 0 is a perfectly symmetric image; the score falls with the square of any asymmetry.
/// </summary>
public sealed class SymmetryReward : IReward
{
    public string Name => "symmetry";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var image = ImageRows.Of(batch, Name);
        var scores = new double[batch.Rows];
        for (int i = 0; i < batch.Rows; i++)
        {
            var row = batch.Row(i);
            var sum = 0.0;
            for (int line = 0; line < image.Channels * image.Height; line++)
            {
                var pixels = row.Slice(line * image.Width, image.Width);
                for (int w = 0; w < image.Width; w++)
                {
                    double difference = pixels[w] - pixels[image.Width - 1 - w];
                    sum += difference * difference;
                }
            }
            scores[i] = -sum / batch.RowSize;
        }
        return ValueTask.FromResult(scores);
    }
}
