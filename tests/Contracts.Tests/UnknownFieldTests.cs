using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>Fields no spec has are errors, with the nearest known name suggested when it is close.</summary>
public class UnknownFieldTests
{
    [Theory]
    [InlineData("seeed", "seed")]
    [InlineData("modle", "model")]
    [InlineData("model.std", "stds")]
    [InlineData("model.mean", "means")]
    [InlineData("model.parametrisation", "parameterisation")]
    [InlineData("sampler.step", "steps")]
    [InlineData("sampler.shedule", "schedule")]
    [InlineData("method.lamda", "lambda")]
    [InlineData("method.particle", "particles")]
    [InlineData("method.essThreshhold", "essThreshold")]
    [InlineData("reward.weigths", "weights")]
    [InlineData("reward.targte", "target")]
    public void NearMiss_IsRefused_WithDidYouMean(string field, string suggestion)
    {
        var errors = TestSpecs.Fk().With(field, 1).Errors();

        SpecAssert.HasError(errors, field, "unknown field", $"did you mean '{suggestion}'?");
    }

    [Fact]
    public void NearMissInsideWindow_IsRefused_WithDidYouMean()
    {
        var spec = TestSpecs.Fk().With("method.window", new JsonObject { ["strat"] = 0, ["end"] = 10 });
        SpecAssert.HasOnlyError(spec.Errors(), "method.window.strat", "unknown field", "did you mean 'start'?");
    }

    [Fact]
    public void FarMiss_IsRefused_WithoutASuggestion_ButWithTheKnownFields()
    {
        var error = SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.temperature", 1).Errors(), "method.temperature", "unknown field", "known fields:");

        Assert.DoesNotContain("did you mean", error.Problem);
        foreach (var known in new[] { "kind", "particles", "potential", "lambda", "resampler", "every", "window", "essThreshold" })
            Assert.Contains(known, error.Problem);
        Assert.DoesNotContain("unknown,", error.Problem.ToLowerInvariant());   // the extension-data property is not a field
    }

    [Fact]
    public void EveryUnknownField_IsReported()
    {
        var spec = TestSpecs.Fk().With("colour", "blue").With("sampler.order", 2).With("reward.scale", 3);
        var errors = spec.Errors();

        SpecAssert.HasError(errors, "colour", "unknown field");
        SpecAssert.HasError(errors, "sampler.order", "unknown field");
        SpecAssert.HasError(errors, "reward.scale", "unknown field");
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void FieldNamedLikeTheExtensionDataProperty_IsStillUnknown()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("unknown", 1).Errors(), "unknown", "unknown field");
    }
}
