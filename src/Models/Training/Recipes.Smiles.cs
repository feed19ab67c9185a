using System.Diagnostics;
using System.Runtime.InteropServices;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Data;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Networks;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Models.Training;

/// <summary>The smiles recipe: masked diffusion over SMILES characters, judged by molecule validity.</summary>
public static partial class Recipes
{
    static async Task<ModelCard> Smiles(RecipeContext context)
    {
        var plan = Override(new TrainingPlan(4000, 64, 1e-3, 3), context);
        var data = SmilesDataset.Nci(48, context.Log);
        var card = new ModelCard
        {
            Name = "smiles",
            Description = "Masked (absorbing-state) diffusion over SMILES strings, one token per character, padded with \"\" to 48 tokens; unconditional.",
            Kind = ModelCard.Masked,
            Vocabulary = data.Vocabulary,
            Length = data.Length,
            Schedule = "linear",
            Format = ModelCard.TorchSharpFormat,
            File = "smiles.bin",
            Architecture = new NetworkArchitecture("transformer", 96, 3, Heads: 4),
        };
        torch.manual_seed(plan.Seed);   // the initial weights come from the seed too, so a recipe trains the same network every time
        var network = ModelLoader.NewDenoiserNetwork(card);
        var clock = Stopwatch.StartNew();
        double loss;
        using (var tokens = torch.tensor(data.Tokens, [data.Count, data.Length]))
            loss = MaskedTraining.Train(network, tokens, data.Vocabulary.Length, MaskingSchedule.ByName(card.Schedule!), plan, context.Progress, context.CancellationToken);
        card = card with
        {
            Training = new TrainingRecord("steer train smiles", data.Source, plan.Seed, plan.Steps, plan.Batch, Math.Round(loss, 5), Math.Round(clock.Elapsed.TotalSeconds, 1), Machine,
                "cross-entropy on masked positions; Adam with cosine decay over the second half; weights are the moving average (decay 0.999)"),
        };
        Save(context, card, network);
        if (context.MoleculeValidity?.Invoke(data.Vocabulary) is not { } validity)
        {
            context.Log.WriteLine("validity not measured: give a molecule verifier to measure it");
            return card;
        }
        context.Log.WriteLine($"measuring quality: 1,000 samples scored by {validity.Name}");
        var denoiser = ModelLoader.MaskedDenoiser(new ModelRegistry(context.Root).Resolve("smiles"));
        var method = Steering.Methods.BestOfN.Create(denoiser, data.Length, ParticleLayout.Single(1000), lambda: 0);
        var result = await Steering.Methods.SteeringLoop.RunAsync(method, new Steering.Methods.SteeringContext(new Steering.Random.RandomStreams(2024), validity, context.CancellationToken));
        var valid = result.Rewards.Count(r => r > 0.5) / (double)result.Rewards.Length;
        card = card with
        {
            Quality = new QualityRecord("valid fraction", Math.Round(valid, 4), result.Rewards.Length,
                $"fraction of unsteered samples (masked sampler, {data.Length} steps, seed 2024) that RDKit parses ({validity.Name})"),
        };
        ModelCards.Write(card, Path.Combine(context.Root, card.Name));
        return card;
    }
}
