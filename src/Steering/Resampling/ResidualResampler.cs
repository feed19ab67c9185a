namespace Orchestrator.Steering.Resampling;

/// <summary>floor(n w_i) copies of each particle deterministically, the remaining r draws multinomial on the residuals.</summary>
public sealed class ResidualResampler : IResampler
{
    public string Name => "residual";

    public void Counts(ReadOnlySpan<double> weights, int n, UniformStream uniforms, Span<int> counts)
    {
        var residuals = new double[weights.Length];
        var assigned = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            var expected = n * weights[i];
            var whole = Math.Min((int)Math.Floor(expected), n - assigned);
            counts[i] = whole;
            assigned += whole;
            residuals[i] = Math.Max(expected - whole, 0);
        }
        var remaining = n - assigned;
        if (remaining == 0) return;
        var residualTotal = residuals.Sum();
        if (!(residualTotal > 0))
        {
            // Rounding left draws but no residual mass: give them to the heaviest particles.
            for (int k = 0; k < remaining; k++) counts[ArgMax(weights)]++;
            return;
        }
        for (int i = 0; i < residuals.Length; i++) residuals[i] /= residualTotal;
        var extra = new int[weights.Length];
        new MultinomialResampler().Counts(residuals, remaining, uniforms, extra);
        for (int i = 0; i < extra.Length; i++) counts[i] += extra[i];
    }

    static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
