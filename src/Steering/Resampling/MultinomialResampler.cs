namespace Orchestrator.Steering.Resampling;

/// <summary>n independent draws from the weights (the FK steering reference's choice; highest variance).</summary>
public sealed class MultinomialResampler : IResampler
{
    public string Name => "multinomial";

    public void Counts(ReadOnlySpan<double> weights, int n, UniformStream uniforms, Span<int> counts)
    {
        var points = new double[n];
        for (int i = 0; i < n; i++) points[i] = uniforms.Next();
        Array.Sort(points);
        SortedUniformCounts.Count(weights, points, counts);
    }
}
