namespace Orchestrator.Steering.Schedules;

/// <summary>
/// The times a sampler visits: t_0 = 1 down to t_K = 0 in K equal steps. Step k goes from
/// t_k to t_{k+1}; the denoiser is evaluated at t_0 .. t_{K-1} only, so a job of K steps costs
/// K denoiser calls per particle, and the last step lands on clean data.
/// </summary>
public sealed class TimeGrid
{
    readonly double[] times;

    public TimeGrid(int steps) : this(1.0, 0.0, steps)
    {
    }

    /// <summary>From time <paramref name="from"/> down to <paramref name="to"/> in equal steps (a part of a run, for search over paths).</summary>
    public TimeGrid(double from, double to, int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "a sampler needs at least one step");
        if (!(from <= 1 && to >= 0 && to < from)) throw new ArgumentException($"a grid runs from a time in (0, 1] down to a smaller one in [0, 1), not {from} -> {to}");
        times = new double[steps + 1];
        for (int k = 0; k <= steps; k++) times[k] = from - (from - to) * k / steps;
        times[steps] = to;
    }

    /// <summary>The number of steps K.</summary>
    public int Steps => times.Length - 1;

    /// <summary>t_k.</summary>
    public double this[int k] => times[k];

    /// <summary>True for the step that lands on t = 0.</summary>
    public bool IsLast(int step) => step == Steps - 1;
}
