namespace Orchestrator.Steering.Methods;

/// <summary>Step <see cref="Index"/> of <see cref="Steps"/>, from time <see cref="T"/> to <see cref="S"/>.</summary>
public readonly record struct StepInfo(int Index, int Steps, double T, double S)
{
    /// <summary>True for the step that produces the final samples.</summary>
    public bool IsLast => Index == Steps - 1;
}
