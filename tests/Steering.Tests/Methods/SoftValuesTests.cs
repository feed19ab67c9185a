using Orchestrator.Steering.Methods;

namespace Orchestrator.Steering.Tests.Methods;

public class SoftValuesTests
{
    [Fact]
    public void Log_mean_exp_is_the_value_whose_potential_is_the_mean_potential()
    {
        double[] rewards = [1, 2, 3, -700, 0, 700];
        var values = SoftValues.LogMeanExp(rewards, 3, lambda: 2);
        Assert.Equal(Math.Log((Math.Exp(2) + Math.Exp(4) + Math.Exp(6)) / 3) / 2, values[0], 12);
        // Extreme rewards do not overflow: the largest term dominates.
        Assert.Equal(700 + Math.Log(1.0 / 3) / 2, values[1], 9);
    }

    [Fact]
    public void NaN_samples_are_left_out_and_all_NaN_gives_NaN()
    {
        var values = SoftValues.LogMeanExp([1, double.NaN, double.NaN, double.NaN], 2, lambda: 1);
        Assert.Equal(1, values[0], 12);
        Assert.True(double.IsNaN(values[1]));
    }

    [Fact]
    public void Lambda_zero_gives_the_plain_mean_and_one_sample_passes_through()
    {
        Assert.Equal([2.0], SoftValues.LogMeanExp([1, 3], 2, lambda: 0));
        double[] single = [1, double.NaN];
        Assert.Same(single, SoftValues.LogMeanExp(single, 1, lambda: 5));
    }
}
