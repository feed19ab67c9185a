namespace Orchestrator.Steering.Resampling;

/// <summary>Resamplers by the names job specs use.</summary>
public static class Resamplers
{
    /// <summary>Every resampler name a spec may give.</summary>
    public static readonly IReadOnlyList<string> Names = ["multinomial", "stratified", "systematic", "residual"];

    /// <summary>The resampler called <paramref name="name"/>.</summary>
    public static IResampler ByName(string name) => name switch
    {
        "multinomial" => new MultinomialResampler(),
        "stratified" => new StratifiedResampler(),
        "systematic" => new SystematicResampler(),
        "residual" => new ResidualResampler(),
        _ => throw new ArgumentException($"unknown resampler '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
