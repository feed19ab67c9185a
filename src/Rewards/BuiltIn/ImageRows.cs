using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.BuiltIn;

/// <summary>The shape of one image row, [H, W] or [C, H, W], checked once per batch so image rewards fail clearly on other data.</summary>
readonly record struct ImageRows(int Channels, int Height, int Width)
{
    /// <summary>The image layout of <paramref name="batch"/>'s rows, or an ArgumentException naming <paramref name="reward"/>.</summary>
    public static ImageRows Of(SampleBatch batch, string reward)
    {
        if (batch.Values is null) throw new ArgumentException($"the {reward} reward scores images, not token sequences");
        var shape = batch.RowShape;
        return shape.Length switch
        {
            2 => new ImageRows(1, (int)shape[0], (int)shape[1]),
            3 => new ImageRows((int)shape[0], (int)shape[1], (int)shape[2]),
            _ => throw new ArgumentException($"the {reward} reward scores images of shape [H, W] or [C, H, W], not [{string.Join(", ", shape)}]"),
        };
    }
}
