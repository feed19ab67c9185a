using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;

namespace Orchestrator.Jobs;

/// <summary>
/// Jobs on discrete (masked) diffusion models: the same methods through the masked sampler. Searches over
/// starting noise and FK correctors need a continuous model's noise and score, so they are spec errors here.
/// </summary>
static class MaskedJobBuilder
{
    public static BuiltJob Build(JobSpec spec, ResolvedModel model, long seed)
    {
        var method = spec.Method!;
        var (denoiser, vocabulary) = ModelResolver.Masked(model, spec.Sampler!);
        var steps = spec.Sampler!.Steps!.Value;
        if (method.Kind is not (SpecNames.Fk or SpecNames.BestOfN or SpecNames.SvddPm or SpecNames.SvddMc))
            throw new InvalidSpecException([new SpecError("method.kind", $"{method.Kind} needs a continuous model; masked models run fk, best-of-n, svdd-pm and svdd-mc")]);
        var rewards = new RewardContext(vocabulary);
        var reward = RewardBuilder.Build(spec.Reward!, rewards);
        var layout = JobBuilder.LayoutOf(method);
        var steering = method.Kind switch
        {
            SpecNames.BestOfN => BestOfN.Create(denoiser, steps, layout, method.Lambda ?? 1.0),
            SpecNames.SvddPm => Svdd.Create(denoiser, steps, layout, method.Children ?? 8, method.Alpha ?? 0),
            SpecNames.SvddMc => Svdd.CreateMc(denoiser, JobBuilder.LoadValue(method.ValueModel!, (int)denoiser.SampleShape[0], denoiser.Vocabulary), steps, layout, method.Children ?? 8, method.Alpha ?? 0),
            _ => FkSteering.Create(denoiser, steps, layout, JobBuilder.FkOptionsOf(method, steps)),
        };
        return new BuiltJob(spec, steering.Name, (context, progress) => SteeringLoop.RunAsync(steering, context, progress), reward, seed)
        {
            Vocabulary = vocabulary,
            Owned = rewards.Owned,
            Method = steering,
        };
    }
}
