namespace Orchestrator.Steering.Resampling;

/// <summary>One independent uniform in each stratum [i/n, (i+1)/n): variance between systematic and multinomial.</summary>
public sealed class StratifiedResampler : IResampler
{
    public string Name => "stratified";

    public void Counts(ReadOnlySpan<double> weights, int n, UniformStream uniforms, Span<int> counts)
    {
        var points = new double[n];
        for (int i = 0; i < n; i++) points[i] = (i + uniforms.Next()) / n;
        SortedUniformCounts.Count(weights, points, counts);
    }
}
