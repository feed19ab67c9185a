namespace Orchestrator.Contracts.Specs;

/// <summary>One thing wrong with a job spec: the field (a JSON path such as method.particles) and the problem.</summary>
[GenerateSerializer, Immutable]
public sealed record SpecError([property: Id(0)] string Field, [property: Id(1)] string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}

/// <summary>A job spec was refused; nothing ran. <see cref="Errors"/> names every field at fault.</summary>
public sealed class InvalidSpecException(IReadOnlyList<SpecError> errors)
    : Exception("invalid job spec:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
