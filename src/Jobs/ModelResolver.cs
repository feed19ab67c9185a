using Orchestrator.Contracts.Specs;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;

namespace Orchestrator.Jobs;

/// <summary>
/// The model a spec names: an inline Gaussian mixture, or a registry model / model card. Problems only the
/// registry can find (an unknown name, a broken card, a schedule that differs from the card's) are spec errors
/// under the field that named the model, found before anything runs.
/// </summary>
public static class ModelResolver
{
    /// <summary>The spec's model with its card read once (null for an inline mixture), for the checks and loads below.</summary>
    public static ResolvedModel Resolve(ModelSpec model, string field = "model") =>
        new(model, model.Kind is null ? Card(model, field) : null, field);

    /// <summary>A continuous model; <paramref name="sampler"/> supplies the mixture's schedule (a card's must agree).</summary>
    public static IDenoiser Continuous(ResolvedModel model, SamplerSpec sampler)
    {
        if (model.Card is not { } card) return JobBuilder.DenoiserOf(model.Spec, NoiseSchedules.ByName(sampler.Schedule ?? "linear"));
        if (card.Card.Kind != ModelCard.Continuous)
            throw Error(model.Field, $"{card.Card.Name} is a {card.Card.Kind} model; this job needs a continuous diffusion model");
        if (sampler.Kind is SpecNames.Exact or SpecNames.Masked)
            throw Error("sampler.kind", $"the {sampler.Kind} sampler needs a {(sampler.Kind == SpecNames.Exact ? "gaussian-mixture" : "masked (discrete)")} model; {card.Card.Name} is continuous");
        if (sampler.Schedule is { } schedule && schedule != card.Card.Schedule)
            throw Error("sampler.schedule", $"{card.Card.Name} was trained with the {card.Card.Schedule} schedule; leave the schedule out or give '{card.Card.Schedule}'");
        return Load(() => ModelLoader.Denoiser(card), model.Field);
    }

    /// <summary>A masked model and its vocabulary; its sampler must be the masked one, with the card's schedule.</summary>
    public static (IMaskedDenoiser Denoiser, string[] Vocabulary) Masked(ResolvedModel model, SamplerSpec sampler)
    {
        var card = model.Card ?? throw new ArgumentException("an inline mixture is not a masked model");
        if (sampler.Kind != SpecNames.Masked)
            throw Error("sampler.kind", $"{card.Card.Name} is a masked (discrete) model; its sampler kind is 'masked', not '{sampler.Kind}'");
        if (sampler.Schedule is { } schedule && schedule != card.Card.Schedule)
            throw Error("sampler.schedule", $"{card.Card.Name} was trained with the {card.Card.Schedule} masking schedule; leave the schedule out or give '{card.Card.Schedule}'");
        return (Load(() => ModelLoader.MaskedDenoiser(card), model.Field), card.Card.Vocabulary!);
    }

    /// <summary>Checks that a registry model can generate class <paramref name="label"/> (mixtures were checked by validation).</summary>
    public static void RequireLabel(ResolvedModel model, long label, string field = "method.label")
    {
        if (model.Card?.Card is not { } card) return;
        if (card.Classes is null) throw Error(field, $"{card.Name} is unconditional (it has no classes)");
        if (label >= card.Classes.Length) throw Error(field, $"{card.Name} has classes 0..{card.Classes.Length - 1} ({string.Join(", ", card.Classes)}), not {label}");
    }

    /// <summary>The card a registry reference names, or a spec error under <paramref name="field"/>.</summary>
    public static LoadedCard Card(string reference, string field)
    {
        try
        {
            return ModelRegistry.Default.Resolve(reference);
        }
        catch (Exception e) when (e is UnknownModelException or InvalidCardException)
        {
            throw Error(field, e.Message);
        }
    }

    static LoadedCard Card(ModelSpec model, string field) =>
        model.Name is { } name ? Card(name, $"{field}.name") : Card(model.Card!, $"{field}.card");

    static T Load<T>(Func<T> load, string field)
    {
        try
        {
            return load();
        }
        catch (InvalidCardException e)
        {
            throw Error(field, e.Message);
        }
    }

    static InvalidSpecException Error(string field, string problem) => new([new SpecError(field, problem)]);
}

/// <summary>A job's model as the spec gives it, with its card when it is a registry model (read once per job).</summary>
public sealed record ResolvedModel(ModelSpec Spec, LoadedCard? Card, string Field)
{
    /// <summary>True for a discrete (masked) diffusion model.</summary>
    public bool IsMasked => Card?.Card.Kind == ModelCard.Masked;
}
