namespace Orchestrator.Steering.Resampling;

/// <summary>
/// One shared uniform U and points (i + U)/n: each count is floor(n w_i) or ceil(n w_i), the
/// lowest variance of the four, and a single number to agree on across shards.
/// </summary>
public sealed class SystematicResampler : IResampler
{
    public string Name => "systematic";

    public void Counts(ReadOnlySpan<double> weights, int n, UniformStream uniforms, Span<int> counts)
    {
        var u = uniforms.Next();
        var points = new double[n];
        for (int i = 0; i < n; i++) points[i] = (i + u) / n;
        SortedUniformCounts.Count(weights, points, counts);
    }
}
