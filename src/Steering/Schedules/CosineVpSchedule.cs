namespace Orchestrator.Steering.Schedules;

/// <summary>
/// The cosine schedule (Nichol and Dhariwal 2021): abar(t) = f(t) / f(0), f(t) = cos^2((t + s) / (1 + s) pi / 2).
/// abar reaches 0 at t = 1, where x_0 could not be recovered; it is floored at <see cref="MinAlphaBar"/>
/// (SNR 1e-4), which only the last ~0.6% of the time range touches.
/// </summary>
public sealed class CosineVpSchedule(double offset = 0.008) : INoiseSchedule
{
    /// <summary>The smallest abar the schedule returns.</summary>
    public const double MinAlphaBar = 1e-4;

    readonly double f0 = F(0, offset);

    public string Name => "cosine";

    public double AlphaBar(double t) => Math.Max(F(t, offset) / f0, MinAlphaBar);

    public double Beta(double t)
    {
        if (F(t, offset) / f0 <= MinAlphaBar) return 0;
        var angle = (t + offset) / (1 + offset) * Math.PI / 2;
        return Math.PI / (1 + offset) * Math.Tan(angle);
    }

    static double F(double t, double s)
    {
        var c = Math.Cos((t + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }
}
