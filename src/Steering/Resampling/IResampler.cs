namespace Orchestrator.Steering.Resampling;

/// <summary>
/// Draws how many offspring each particle gets: counts summing to n whose expectations are
/// n w_i. Every method that resamples uses this one interface.
/// </summary>
public interface IResampler
{
    /// <summary>The resampler's name as job specs write it.</summary>
    string Name { get; }

    /// <summary>Writes offspring counts for normalised <paramref name="weights"/> into <paramref name="counts"/>.</summary>
    void Counts(ReadOnlySpan<double> weights, int n, UniformStream uniforms, Span<int> counts);
}
