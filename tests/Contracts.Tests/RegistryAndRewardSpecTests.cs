using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>Registry models (by name or card path) and the verifier reward kinds: what each needs, and what it must not be given.</summary>
public class RegistryAndRewardSpecTests
{
    static JsonObject Digits(JsonObject reward) => TestSpecs.Parse("""
        {
          "model": { "name": "digits" },
          "sampler": { "kind": "ddpm", "steps": 50 },
          "method": { "kind": "fk", "particles": 64, "lambda": 4, "label": 3 },
          "seed": 1
        }
        """).With("reward", reward);

    static JsonObject Reward(string json) => TestSpecs.Parse(json);

    [Theory]
    [InlineData("""{ "kind": "classifier", "model": "digits-classifier", "label": 7 }""")]
    [InlineData("""{ "kind": "brightness" }""")]
    [InlineData("""{ "kind": "symmetry" }""")]
    [InlineData("""{ "kind": "onnx", "path": "m.onnx", "input": "image", "output": "logits", "index": 3, "logSoftmax": true }""")]
    [InlineData("""{ "kind": "plugin", "plugin": "CheckerboardReward", "options": { "cell": "2" } }""")]
    [InlineData("""{ "kind": "remote", "url": "http://127.0.0.1:5006/score", "timeoutSeconds": 2, "retries": 1, "options": { "property": "validity" } }""")]
    [InlineData("""{ "kind": "weighted-sum", "members": [ { "kind": "brightness", "weight": 2 }, { "kind": "symmetry", "weight": -0.5 } ] }""")]
    [InlineData("""{ "kind": "rank", "members": [ { "kind": "brightness" }, { "kind": "classifier", "model": "digits-classifier" } ] }""")]
    public void RegistryModelWithEachRewardKind_IsValid(string reward)
    {
        Assert.Empty(Digits(Reward(reward)).Errors());
    }

    [Fact]
    public void ModelByCardPath_IsValid_AndInlineFieldsAreRefused()
    {
        var spec = Digits(Reward("""{ "kind": "brightness" }""")).With("model", new JsonObject { ["card"] = "models/digits/card.json", ["stds"] = new JsonArray(1.0) });
        SpecAssert.HasOnlyError(spec.Errors(), "model.stds", "not used by a registry model");
    }

    [Fact]
    public void NameAndKindTogether_AreRefused()
    {
        var spec = TestSpecs.Fk().With("model.name", "digits");
        SpecAssert.HasError(spec.Errors(), "model", "give only one of name, card and kind");
    }

    [Fact]
    public void MaskedSampler_OnAnInlineMixture_IsRefused()
    {
        SpecAssert.HasError(TestSpecs.Fk().With("sampler.kind", "masked").Errors(), "sampler.kind", "needs a masked (discrete) registry model");
    }

    [Theory]
    [InlineData("""{ "kind": "classifier" }""", "reward.model", "required but missing")]
    [InlineData("""{ "kind": "classifier", "model": "digits-classifier", "label": -1 }""", "reward.label", "class number >= 0")]
    [InlineData("""{ "kind": "regex" }""", "reward.pattern", "required but missing")]
    [InlineData("""{ "kind": "onnx", "path": "m.onnx", "input": "x" }""", "reward.output", "required but missing")]
    [InlineData("""{ "kind": "remote", "url": "ftp://example.org/score" }""", "reward.url", "absolute http or https")]
    [InlineData("""{ "kind": "remote", "url": "http://127.0.0.1:1/score", "retries": 50 }""", "reward.retries", "between 0 and 10")]
    [InlineData("""{ "kind": "brightness", "pattern": "C" }""", "reward.pattern", "not used by the brightness reward")]
    [InlineData("""{ "kind": "brightness", "weight": 2 }""", "reward.weight", "not used outside an ensemble")]
    [InlineData("""{ "kind": "weighted-sum", "members": [] }""", "reward.members", "needs 1 to 64 rewards")]
    [InlineData("""{ "kind": "weighted-sum", "members": [ { "kind": "brightness", "weight": "NaN" } ] }""", "reward.members[0].weight", "finite")]
    [InlineData("""{ "kind": "rank", "members": [ { "kind": "nope" } ] }""", "reward.members[0].kind", "unknown value 'nope'")]
    [InlineData("""{ "kind": "symmetry", "options": { "a": "b" } }""", "reward.options", "not used by the symmetry reward")]
    public void BadRewardFields_AreNamedByPath(string reward, string field, string phrase)
    {
        SpecAssert.HasError(Digits(Reward(reward)).Errors(), field, phrase);
    }

    [Fact]
    public void EnsemblesNestedTooDeep_AreRefused()
    {
        var inner = Reward("""{ "kind": "brightness" }""");
        for (int i = 0; i < 5; i++) inner = new JsonObject { ["kind"] = "rank", ["members"] = new JsonArray(inner) };
        SpecAssert.HasError(Digits(inner).Errors(), "reward.members[0].members[0].members[0].members", "nest at most 4 deep");
    }

    [Fact]
    public void Label_OnAnUnconditionalMixture_IsRefused()
    {
        SpecAssert.HasError(TestSpecs.Fk().With("method.label", 1).Errors(), "method.label", "the model is unconditional");
    }
}
