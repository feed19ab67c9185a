namespace Orchestrator.Steering.Methods;

/// <summary>
/// One line of a job's trace: the step, its start time t, the effective sample size judged at
/// the step (summed over groups), the mean and best reward if rewards were evaluated, whether
/// any group was resampled, and how many rewards were NaN or infinite.
/// </summary>
public sealed record StepRecord(int Step, double T, double EffectiveSampleSize, double? MeanReward, double? MaxReward, bool Resampled, int NonFiniteRewards);
