using Orchestrator.Rewards.BuiltIn;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.Tests.BuiltIn;

public class ImageRewardTests
{
    [Fact]
    public async Task Brightness_is_the_mean_pixel_of_each_row_over_all_channels()
    {
        // Two rows of shape [2, 1, 2]: channel 0 then channel 1.
        var batch = SampleBatch.Continuous(2, [2, 1, 2], [0, 1, 2, 3, -1, -1, 1, 5]);
        var scores = await new BrightnessReward().ScoreAsync(batch, default);
        Assert.Equal([1.5, 1.0], scores);
    }

    [Fact]
    public async Task Symmetry_is_zero_for_a_mirror_image_and_minus_the_mean_squared_mirror_difference_otherwise()
    {
        // Row 0 is symmetric: [1 2 1; 3 0 3]. Row 1 is [1 0 0; 0 0 0]: the first line differs from
        // its mirror [0 0 1] by 1 in two pixels, so the mean over 6 pixels is 2/6.
        var batch = SampleBatch.Continuous(2, [2, 3], [1, 2, 1, 3, 0, 3, 1, 0, 0, 0, 0, 0]);
        var scores = await new SymmetryReward().ScoreAsync(batch, default);
        Assert.Equal(0.0, scores[0]);
        Assert.Equal(-2.0 / 6, scores[1], 12);
    }

    [Fact]
    public async Task Symmetry_mirrors_each_channel_on_its_own()
    {
        // Channels [1 2] and [2 1]: each differs from its own mirror by 1 in both pixels (mean 1); a
        // reward that mirrored across channels would see [2 1] = mirror of [1 2] and say 0.
        var batch = SampleBatch.Continuous(1, [2, 1, 2], [1, 2, 2, 1]);
        var scores = await new SymmetryReward().ScoreAsync(batch, default);
        Assert.Equal([-1.0], scores);
    }

    [Fact]
    public async Task Image_rewards_refuse_tokens_and_rows_that_are_not_images()
    {
        var tokens = SampleBatch.Discrete(1, [4], [0, 1, 2, 3]);
        var flat = SampleBatch.Continuous(1, [4], [0, 1, 2, 3]);
        var tokenError = await Assert.ThrowsAsync<ArgumentException>(() => new BrightnessReward().ScoreAsync(tokens, default).AsTask());
        Assert.Contains("not token sequences", tokenError.Message);
        var shapeError = await Assert.ThrowsAsync<ArgumentException>(() => new SymmetryReward().ScoreAsync(flat, default).AsTask());
        Assert.Contains("[H, W] or [C, H, W], not [4]", shapeError.Message);
    }
}
