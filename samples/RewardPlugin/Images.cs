using Orchestrator.Steering.Population;

namespace Samples.RewardPlugin;

static class Images
{
    /// <summary>Height and width of the image rows of <paramref name="batch"/> ([H, W] or [C, H, W]).</summary>
    public static (int Height, int Width) Size(SampleBatch batch, string reward)
    {
        if (batch.Values is null) throw new ArgumentException($"{reward} scores images, not token sequences");
        var shape = batch.RowShape;
        if (shape.Length is not (2 or 3)) throw new ArgumentException($"{reward} scores images of shape [H, W] or [C, H, W], not [{string.Join(", ", shape)}]");
        return ((int)shape[^2], (int)shape[^1]);
    }
}
