namespace Orchestrator.Steering.Schedules;

/// <summary>Noise schedules by the names job specs use.</summary>
public static class NoiseSchedules
{
    /// <summary>Every schedule name a spec may give.</summary>
    public static readonly IReadOnlyList<string> Names = ["linear", "cosine"];

    /// <summary>The schedule called <paramref name="name"/>.</summary>
    public static INoiseSchedule ByName(string name) => name switch
    {
        "linear" => new LinearVpSchedule(),
        "cosine" => new CosineVpSchedule(),
        _ => throw new ArgumentException($"unknown noise schedule '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
