namespace Orchestrator.Steering.Schedules;

/// <summary>
/// The schedule of an absorbing-state (masked) diffusion: alpha(t) is the probability that a
/// token is still unmasked at time t, with alpha(0) = 1 (clean data) and alpha(1) = 0 (all
/// masked). Each token is masked independently, so x_t keeps token l of x_0 with probability alpha(t).
/// </summary>
public sealed record MaskingSchedule(string Name, Func<double, double> Alpha)
{
    /// <summary>alpha(t) = 1 - t: tokens unmask at a uniform rate (MDLM's default).</summary>
    public static readonly MaskingSchedule Linear = new("linear", t => 1 - t);

    /// <summary>alpha(t) = cos(pi t / 2): few tokens unmask early, most late.</summary>
    public static readonly MaskingSchedule Cosine = new("cosine", t => t >= 1 ? 0 : Math.Cos(Math.PI / 2 * t));

    /// <summary>Every masking schedule name a spec or card may give.</summary>
    public static readonly IReadOnlyList<string> Names = [Linear.Name, Cosine.Name];

    /// <summary>The schedule called <paramref name="name"/>.</summary>
    public static MaskingSchedule ByName(string name) => name switch
    {
        "linear" => Linear,
        "cosine" => Cosine,
        _ => throw new ArgumentException($"unknown masking schedule '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
