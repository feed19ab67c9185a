using Orchestrator.Steering.Models;

namespace Orchestrator.Steering.Tests.Support;

/// <summary>The mixtures the statistical tests use; modes are at least 8 standard deviations apart, so assigning a
/// sample to its nearest mode misclassifies with probability below 1e-4.</summary>
static class Mixtures
{
    /// <summary>Three unequal modes in 2-D.</summary>
    public static readonly GaussianMixture TwoD = new([[-2, -1], [2, -1], [0, 2]], [0.4, 0.5, 0.3], [0.5, 0.3, 0.2]);

    public static readonly double[] TwoDReward = [1, 0.5];

    /// <summary>Four modes in 8-D.</summary>
    public static readonly GaussianMixture EightD = new(
        [
            [3, 0, 0, 0, 0, 0, 0, 0],
            [0, 3, 0, 0, 1, 0, 0, 0],
            [0, 0, -3, 0, 0, 0, 1, 0],
            [-2, 0, 0, 0, 0, 2, 0, -1],
        ],
        [0.4, 0.5, 0.45, 0.35],
        [0.4, 0.3, 0.2, 0.1]);

    public static readonly double[] EightDReward = [0.5, -0.3, 0.2, 0.1, 0.4, -0.2, 0.3, 0.1];
}
