using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>The fkc method kind: one target (annealing, product or guidance), the sde sampler, no reward.</summary>
public class FkcSpecTests
{
    static JsonObject Fkc(JsonObject method)
    {
        var spec = TestSpecs.Fk();
        spec.Remove("reward");
        spec["sampler"] = new JsonObject { ["kind"] = "sde", ["steps"] = 200 };
        method["kind"] = "fkc";
        method["particles"] ??= 256;
        spec["method"] = method;
        return spec;
    }

    static JsonObject Second() => TestSpecs.Parse("""{ "kind": "gaussian-mixture", "means": [[0, 1], [1, 0]], "stds": [0.5, 0.5] }""");

    [Fact]
    public void Annealing_product_and_guidance_specs_are_valid()
    {
        SpecAssert.NoErrors(Fkc(new JsonObject { ["beta"] = 2.0 }).Errors());
        var product = Fkc(new JsonObject());
        product["secondModel"] = Second();
        SpecAssert.NoErrors(product.Errors());
        var guided = Fkc(new JsonObject { ["guidance"] = 2.0, ["label"] = 1 }).With("model.classes", new JsonArray(0, 1, 1));
        SpecAssert.NoErrors(guided.Errors());
    }

    [Fact]
    public void Two_targets_at_once_are_refused()
    {
        var spec = Fkc(new JsonObject { ["beta"] = 2.0 });
        spec["secondModel"] = Second();
        SpecAssert.HasOnlyError(spec.Errors(), "method", "one target");
    }

    [Fact]
    public void Guidance_needs_classes_and_a_known_label()
    {
        SpecAssert.HasOnlyError(Fkc(new JsonObject { ["guidance"] = 2.0, ["label"] = 1 }).Errors(), "model.classes", "conditional model");
        var unknownLabel = Fkc(new JsonObject { ["guidance"] = 2.0, ["label"] = 7 }).With("model.classes", new JsonArray(0, 1, 1));
        SpecAssert.HasOnlyError(unknownLabel.Errors(), "method.label", "no component has class 7");
    }

    [Fact]
    public void Fkc_needs_the_sde_sampler_and_no_reward_and_only_fkc_takes_the_sde_sampler()
    {
        SpecAssert.HasOnlyError(Fkc(new JsonObject()).With("sampler.kind", "ddpm").Errors(), "sampler.kind", "needs sampler kind 'sde'");
        var withReward = Fkc(new JsonObject());
        withReward["reward"] = new JsonObject { ["kind"] = "linear", ["weights"] = new JsonArray(1, 0) };
        SpecAssert.HasOnlyError(withReward.Errors(), "reward", "not used by fkc");
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("sampler.kind", "sde").Errors(), "sampler.kind", "fkc only");
    }

    [Fact]
    public void A_second_model_of_another_dimension_or_on_another_method_is_refused()
    {
        var spec = Fkc(new JsonObject());
        spec["secondModel"] = TestSpecs.Parse("""{ "kind": "gaussian-mixture", "means": [[0, 1, 2]], "stds": [0.5] }""");
        SpecAssert.HasOnlyError(spec.Errors(), "secondModel.means", "has 3 dimensions but the model has 2");
        var fk = TestSpecs.Fk();
        fk["secondModel"] = Second();
        SpecAssert.HasOnlyError(fk.Errors(), "secondModel", "only fkc");
    }

    [Fact]
    public void Every_shipped_example_but_the_bad_one_is_valid()
    {
        var examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json");
        Assert.True(examples.Length >= 5, $"found only {examples.Length} examples");
        foreach (var file in examples.Where(f => !f.EndsWith("bad-spec.json")))
            SpecAssert.NoErrors(TestSpecs.Errors(File.ReadAllText(file)));
    }
}

/// <summary>svdd-mc names its value network; no other method takes one.</summary>
public class SvddMcSpecTests
{
    [Fact]
    public void Svdd_mc_requires_a_value_model_and_others_refuse_it()
    {
        var spec = TestSpecs.Fk();
        spec["method"] = new JsonObject { ["kind"] = "svdd-mc", ["particles"] = 16, ["children"] = 4 };
        SpecAssert.HasOnlyError(spec.Errors(), "method.valueModel", "required");
        SpecAssert.NoErrors(spec.With("method.valueModel", "value.bin").Errors());
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.valueModel", "value.bin").Errors(), "method.valueModel", "not used by fk");
    }
}
