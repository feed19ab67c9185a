namespace Orchestrator.Steering.Schedules;

/// <summary>
/// A variance-preserving noise schedule in continuous time t in [0, 1]:
/// x_t = sqrt(abar(t)) x_0 + sqrt(1 - abar(t)) eps, with abar(0) = 1 and abar(1) close to 0.
/// </summary>
public interface INoiseSchedule
{
    /// <summary>The schedule's name as job specs and model cards write it.</summary>
    string Name { get; }

    /// <summary>abar(t), the signal fraction at time t.</summary>
    double AlphaBar(double t);

    /// <summary>beta(t) = -d log abar / dt, the diffusion rate of the VP SDE dx = -beta/2 x dt + sqrt(beta) dW.</summary>
    double Beta(double t);
}
