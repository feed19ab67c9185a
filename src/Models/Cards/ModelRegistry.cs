namespace Orchestrator.Models.Cards;

/// <summary>
/// Finds models by name: each is a folder NAME holding card.json under the registry's root, which is
/// STEER_MODELS when set, else the models folder shipped beside the program. A reference containing a
/// path separator or ending in .json is a card path instead.
/// </summary>
public sealed class ModelRegistry(string root)
{
    public const string RootVariable = "STEER_MODELS";

    /// <summary>The registry of this process: STEER_MODELS, else the models shipped with the program.</summary>
    public static ModelRegistry Default { get; } =
        new(Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root ? root : Path.Combine(AppContext.BaseDirectory, "models"));

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The names of every model in the registry.</summary>
    public IReadOnlyList<string> Names() =>
        Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, ModelCards.FileName))).Select(Path.GetFileName).OfType<string>().Order().ToList()
            : [];

    /// <summary>The card that <paramref name="reference"/> names: a registry name or a card path.</summary>
    public LoadedCard Resolve(string reference)
    {
        if (IsPath(reference)) return ModelCards.Read(reference);
        var card = Path.Combine(Root, reference, ModelCards.FileName);
        if (!File.Exists(card))
            throw new UnknownModelException(reference, Names(), Root);
        return ModelCards.Read(card);
    }

    static bool IsPath(string reference) =>
        reference.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || reference.Contains('/') || reference.Contains(Path.DirectorySeparatorChar);
}

/// <summary>A model name the registry does not have; the message lists the names it does have.</summary>
public sealed class UnknownModelException(string name, IReadOnlyList<string> known, string root)
    : Exception($"no model named '{name}' in {root} (known: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
