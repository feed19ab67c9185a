using System.Text.Json;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Schedules;
using System.Text.Json.Serialization;

namespace Orchestrator.Models.Cards;

/// <summary>Reads and writes card.json, checking that a card says what its kind needs.</summary>
public static class ModelCards
{
    public const string FileName = "card.json";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The card at <paramref name="path"/>, checked; <see cref="InvalidCardException"/> says what is wrong.</summary>
    public static LoadedCard Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!System.IO.File.Exists(full)) throw new InvalidCardException(full, "no such file");
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(System.IO.File.ReadAllText(full), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidCardException(full, e.Message);
        }
        if (card is null) throw new InvalidCardException(full, "the file holds null");
        var problems = Problems(card).ToList();
        if (problems.Count > 0) throw new InvalidCardException(full, string.Join("; ", problems));
        var weights = Path.Combine(Path.GetDirectoryName(full)!, card.File);
        if (!System.IO.File.Exists(weights)) throw new InvalidCardException(full, $"its file {weights} does not exist");
        return new LoadedCard(card, full, weights);
    }

    /// <summary>Writes <paramref name="card"/> as card.json in <paramref name="folder"/>.</summary>
    public static void Write(ModelCard card, string folder)
    {
        Directory.CreateDirectory(folder);
        System.IO.File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(card, Json) + "\n");
    }

    /// <summary>"a, b or c".</summary>
    static string Either(IReadOnlyList<string> names) => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    static IEnumerable<string> Problems(ModelCard card)
    {
        if (card.Format is not (ModelCard.TorchSharpFormat or ModelCard.TorchScriptFormat))
            yield return $"format must be '{ModelCard.TorchSharpFormat}' or '{ModelCard.TorchScriptFormat}', not '{card.Format}'";
        if (card.Format == ModelCard.TorchSharpFormat && card.Architecture is null) yield return "a torchsharp card needs an architecture";
        switch (card.Kind)
        {
            case ModelCard.Continuous:
                if (card.Shape is not { Length: > 0 } || card.Shape.Any(d => d < 1)) yield return "a continuous model needs a shape of positive sizes";
                if (!Parameterisations.Names.Contains(card.Parameterisation)) yield return $"parameterisation must be {Either(Parameterisations.Names)}";
                if (!NoiseSchedules.Names.Contains(card.Schedule)) yield return $"schedule must be {Either(NoiseSchedules.Names)}";
                break;
            case ModelCard.Masked:
                if (card.Vocabulary is not { Length: > 1 }) yield return "a masked model needs a vocabulary of at least two tokens";
                if (card.Length is not > 0) yield return "a masked model needs a positive length";
                if (!MaskingSchedule.Names.Contains(card.Schedule)) yield return $"schedule must be {Either(MaskingSchedule.Names)}";
                break;
            case ModelCard.Classifier:
                if (card.Shape is not { Length: > 0 }) yield return "a classifier needs the shape of its input";
                if (card.Classes is not { Length: > 1 }) yield return "a classifier needs at least two classes";
                break;
            default:
                yield return $"kind must be continuous, masked or classifier, not '{card.Kind}'";
                break;
        }
        if (card.UnconditionalBranch && card.Classes is null) yield return "an unconditional branch needs classes";
    }
}

/// <summary>A checked card with the full paths of itself and its weights.</summary>
public sealed record LoadedCard(ModelCard Card, string CardPath, string WeightsPath);

/// <summary>A card that cannot be used; the message names the file and the problem.</summary>
public sealed class InvalidCardException(string path, string problem) : Exception($"model card {path}: {problem}")
{
    public string CardPath { get; } = path;
}
