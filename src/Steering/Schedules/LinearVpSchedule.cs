namespace Orchestrator.Steering.Schedules;

/// <summary>
/// The linear VP schedule of DDPM in continuous time (Song et al. 2021): beta(t) rises linearly
/// from <paramref name="betaMin"/> to <paramref name="betaMax"/>, so abar(1) = exp(-(0.1 + 20) / 2) ~ 4e-5.
/// </summary>
public sealed class LinearVpSchedule(double betaMin = 0.1, double betaMax = 20.0) : INoiseSchedule
{
    public string Name => "linear";

    public double AlphaBar(double t) => Math.Exp(-(betaMin * t + 0.5 * (betaMax - betaMin) * t * t));

    public double Beta(double t) => betaMin + t * (betaMax - betaMin);
}
