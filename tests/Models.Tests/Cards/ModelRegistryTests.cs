using Orchestrator.Models.Cards;
using Orchestrator.Models.Tests.Support;

namespace Orchestrator.Models.Tests.Cards;

public class ModelRegistryTests
{
    [Fact]
    public void An_unknown_name_throws_listing_the_known_names()
    {
        var registry = ModelRegistry.Default;
        var e = Assert.Throws<UnknownModelException>(() => registry.Resolve("no-such-model"));
        Assert.Contains("no model named 'no-such-model'", e.Message);
        Assert.Contains(registry.Root, e.Message);
        var known = registry.Names();
        Assert.NotEmpty(known);
        Assert.Contains($"(known: {string.Join(", ", known)})", e.Message);
    }

    [Fact]
    public void An_empty_or_missing_root_knows_no_models()
    {
        using var temp = new TempFolder();
        foreach (var root in new[] { temp.Path, Path.Combine(temp.Path, "absent") })
        {
            var registry = new ModelRegistry(root);
            Assert.Empty(registry.Names());
            var e = Assert.Throws<UnknownModelException>(() => registry.Resolve("digits"));
            Assert.Contains("(known: none)", e.Message);
        }
    }

    [Fact]
    public void A_folder_without_a_card_is_not_a_model()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));
        var registry = new ModelRegistry(temp.Path);
        Assert.Empty(registry.Names());
        Assert.Throws<UnknownModelException>(() => registry.Resolve("empty"));
    }

    [Fact]
    public void A_card_path_resolves_to_that_card()
    {
        var byName = ModelRegistry.Default.Resolve("digits");
        var byPath = ModelRegistry.Default.Resolve(byName.CardPath);
        Assert.Equal(byName.CardPath, byPath.CardPath);
        Assert.Equal(byName.WeightsPath, byPath.WeightsPath);
        Assert.Equal(byName.Card.Name, byPath.Card.Name);

        // Any file ending .json is a card path, wherever it is and whatever the registry's root.
        using var temp = new TempFolder();
        var renamed = Path.Combine(temp.Path, "renamed.json");
        File.Copy(byName.CardPath, renamed);
        File.Copy(byName.WeightsPath, Path.Combine(temp.Path, byName.Card.File));
        var elsewhere = new ModelRegistry(Path.Combine(temp.Path, "absent")).Resolve(renamed);
        Assert.Equal(byName.Card.Name, elsewhere.Card.Name);
        Assert.Equal(renamed, elsewhere.CardPath);
        Assert.Equal(Path.Combine(temp.Path, byName.Card.File), elsewhere.WeightsPath);
    }

    [Fact]
    public void A_card_path_that_does_not_exist_is_an_invalid_card_not_an_unknown_name()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "missing.json");
        var e = Assert.Throws<InvalidCardException>(() => ModelRegistry.Default.Resolve(path));
        Assert.Equal(path, e.CardPath);
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void Names_are_found_in_a_registry_of_written_cards()
    {
        using var temp = new TempFolder();
        var digits = ModelRegistry.Default.Resolve("digits");
        foreach (var name in new[] { "b-model", "a-model" })
        {
            var folder = Path.Combine(temp.Path, name);
            ModelCards.Write(digits.Card with { Name = name }, folder);
            File.Copy(digits.WeightsPath, Path.Combine(folder, digits.Card.File));
        }
        var registry = new ModelRegistry(temp.Path);
        Assert.Equal(["a-model", "b-model"], registry.Names());
        var resolved = registry.Resolve("b-model");
        // Write then Read gives back the same card.
        Assert.Equal(digits.Card with { Name = "b-model", Shape = resolved.Card.Shape, Classes = resolved.Card.Classes, ValueRange = resolved.Card.ValueRange }, resolved.Card);
        Assert.Equal(digits.Card.Shape, resolved.Card.Shape);
        Assert.Equal(digits.Card.Classes, resolved.Card.Classes);
    }
}
