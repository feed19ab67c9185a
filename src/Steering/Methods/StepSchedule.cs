namespace Orchestrator.Steering.Methods;

/// <summary>
/// The steps at which a method evaluates rewards and may select: every <see cref="Every"/>
/// steps from <see cref="Start"/> to <see cref="End"/> (inclusive), and always the last step.
/// </summary>
public sealed record StepSchedule(int Every, int Start, int End)
{
    /// <summary>Only the last step (best-of-N and search score once, at the end).</summary>
    public static readonly StepSchedule LastOnly = new(1, int.MaxValue, int.MaxValue);

    /// <summary>Every step.</summary>
    public static readonly StepSchedule EveryStep = new(1, 0, int.MaxValue);

    public bool Contains(StepInfo step) =>
        step.IsLast || (step.Index >= Start && step.Index <= End && (step.Index - Start) % Every == 0);
}
