using Orchestrator.Models.Cards;
using Orchestrator.Models.Networks;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Loading;

/// <summary>
/// Builds the model a card describes, with its weights loaded and in eval mode, once per process: every job (and every
/// job grain and shard of a silo) that names the same card and weights shares one loaded model. Loading per job cost
/// each job its load time twice on a cluster and left the weights to the finalizer (a silo grew by the models' size
/// with every job). Inference only reads a model, so sharing it between concurrent jobs is safe; it is never disposed.
/// A card or weights file changed on disk (a retrained model) is loaded afresh.
/// </summary>
public static class ModelLoader
{
    static readonly Dictionary<(string Kind, string Card, DateTime CardWritten, string Weights, DateTime WeightsWritten), object> Loaded = [];

    /// <summary>A continuous diffusion model.</summary>
    public static IDenoiser Denoiser(LoadedCard loaded) => Shared<IDenoiser>(loaded, ModelCard.Continuous, () =>
    {
        var card = loaded.Card;
        Require(loaded, ModelCard.Continuous);
        var schedule = NoiseSchedules.ByName(card.Schedule!);
        var parameterisation = Parameterisations.ByName(card.Parameterisation!);
        if (card.Format == ModelCard.TorchScriptFormat)
            return FromTorchScript(loaded, () => new TorchScriptDenoiser(loaded.WeightsPath, schedule, parameterisation, card.Shape!));
        var network = Load(loaded, () => NewDenoiserNetwork(card));
        return new NetworkDenoiser(network, schedule, parameterisation, card.Shape!);
    });

    /// <summary>A masked (discrete) diffusion model.</summary>
    public static IMaskedDenoiser MaskedDenoiser(LoadedCard loaded) => Shared<IMaskedDenoiser>(loaded, ModelCard.Masked, () =>
    {
        var card = loaded.Card;
        Require(loaded, ModelCard.Masked);
        var schedule = MaskingSchedule.ByName(card.Schedule!);
        if (card.Format == ModelCard.TorchScriptFormat)
            return FromTorchScript(loaded, () => new TorchScriptMaskedDenoiser(loaded.WeightsPath, schedule, card.Vocabulary!.Length, [card.Length!.Value]));
        var network = Load(loaded, () => NewDenoiserNetwork(card));
        return new MaskedNetworkDenoiser(network, schedule, card.Vocabulary!.Length, [card.Length!.Value]);
    });

    /// <summary>The model already loaded from these files, or <paramref name="load"/>'s (a failed load is not kept).</summary>
    static T Shared<T>(LoadedCard loaded, string kind, Func<T> load) where T : class
    {
        var key = (kind, loaded.CardPath, File.GetLastWriteTimeUtc(loaded.CardPath), loaded.WeightsPath, File.GetLastWriteTimeUtc(loaded.WeightsPath));
        // One lock for all: a load takes milliseconds, and two jobs asking at once must not load the model twice.
        lock (Loaded)
        {
            if (Loaded.TryGetValue(key, out var model)) return (T)model;
            // Loaded on a thread of its own: dispose scopes are per thread, and a model that outlives the caller's job
            // must not have its tensors taken by a scope open on the caller's thread.
            var created = Task.Factory.StartNew(load, TaskCreationOptions.LongRunning).GetAwaiter().GetResult();
            Loaded[key] = created;
            return created;
        }
    }

    /// <summary>A TorchScript module that the card describes; a file that does not fit becomes a card error.</summary>
    static T FromTorchScript<T>(LoadedCard loaded, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            throw new InvalidCardException(loaded.CardPath, e.Message);
        }
    }

    /// <summary>A classifier: logits over the card's classes.</summary>
    public static nn.Module<Tensor, Tensor> Classifier(LoadedCard loaded) => Shared(loaded, ModelCard.Classifier, () =>
    {
        var card = loaded.Card;
        Require(loaded, ModelCard.Classifier);
        var a = card.Architecture ?? throw new InvalidCardException(loaded.CardPath, "a classifier needs an architecture");
        return Load(loaded, () => new ImageClassifier(a.Type, card.Shape!, a.Width, card.Classes!.Length));
    });

    /// <summary>The untrained network a torchsharp card's architecture names (training starts here).</summary>
    public static nn.Module<Tensor, Tensor, Tensor, Tensor> NewDenoiserNetwork(ModelCard card)
    {
        var a = card.Architecture!;
        var classes = card.Classes?.Length ?? 0;
        return a.Type switch
        {
            "mlp" => new MlpDenoiser((int)card.Shape!.Aggregate(1L, (x, y) => x * y), a.Width, a.Depth, classes),
            "unet" => new UNetDenoiser((int)card.Shape![0], a.Width, classes),
            "transformer" => new SequenceDenoiser(card.Vocabulary!.Length, card.Length!.Value, a.Width, a.Depth, a.Heads, classes),
            _ => throw new ArgumentException($"unknown denoiser architecture '{a.Type}' (known: mlp, unet, transformer)"),
        };
    }

    static void Require(LoadedCard loaded, string kind)
    {
        if (loaded.Card.Kind != kind) throw new InvalidCardException(loaded.CardPath, $"is a {loaded.Card.Kind} model, not a {kind} one");
    }

    static T Load<T>(LoadedCard loaded, Func<T> create) where T : nn.Module
    {
        if (loaded.Card.Format != ModelCard.TorchSharpFormat)
            throw new InvalidCardException(loaded.CardPath, $"format {loaded.Card.Format} is not supported for this kind");
        var network = create();
        try
        {
            network.load(loaded.WeightsPath);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidCardException(loaded.CardPath, $"{loaded.WeightsPath} does not hold the weights of its architecture ({e.Message.Split('\n')[0]})");
        }
        network.eval();
        return network;
    }
}
