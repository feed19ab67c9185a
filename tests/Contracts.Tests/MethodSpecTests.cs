using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>method.* and sampler.*: counts, lambda, FK options, fields that do not apply, and DDIM under FK.</summary>
public class MethodSpecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-4)]
    [InlineData(int.MinValue)]
    [InlineData(10_000_001)]
    [InlineData(int.MaxValue)]
    public void ParticlesOutOfRange_AreRefused(int particles)
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.particles", particles).Errors(), "method.particles", "must be between 1 and 10000000", $"got {particles}");
        SpecAssert.HasOnlyError(TestSpecs.BestOfN().With("method.particles", particles).Errors(), "method.particles", "must be between 1 and 10000000");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100_001)]
    public void StepsOutOfRange_AreRefused(int steps)
    {
        SpecAssert.HasError(TestSpecs.Fk().With("sampler.steps", steps).Errors(), "sampler.steps", "must be between 1 and 100000", $"got {steps}");
    }

    // JSON's named float literals are read as numbers (JobSpecJson.Options allows them), so the
    // validator sees the value and names it, rather than the parser reporting a type error.
    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void NonFiniteLambda_IsRefusedAsNotFinite(string literal)
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.lambda", literal).Errors(), "method.lambda", "must be a finite number");
        SpecAssert.HasOnlyError(TestSpecs.BestOfN().With("method.lambda", literal).Errors(), "method.lambda", "must be a finite number");
    }

    [Fact]
    public void NonFiniteLambda_NamesTheValue()
    {
        SpecAssert.HasError(TestSpecs.Fk().With("method.lambda", "NaN").Errors(), "method.lambda", "got NaN");
        SpecAssert.HasError(TestSpecs.Fk().With("method.lambda", "-Infinity").Errors(), "method.lambda", "got -");
    }

    [Fact]
    public void UnquotedNaN_IsNotJson_AndIsRefused()
    {
        var json = TestSpecs.Fk().ToJsonString().Replace("\"lambda\":1", "\"lambda\":NaN", StringComparison.Ordinal);
        Assert.Contains("NaN", json);

        var errors = TestSpecs.Errors(json);

        Assert.NotEmpty(errors);
        Assert.StartsWith("method", errors[0].Field);
        SpecAssert.Location(errors[0]);
    }

    [Fact]
    public void MissingLambda_IsRefusedForFk()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().Without("method.lambda").Errors(), "method.lambda", "required but missing");
    }

    [Fact]
    public void MissingLambda_IsAllowedForBestOfN()
    {
        Assert.Null(TestSpecs.BestOfN().Section("method")["lambda"]);
        SpecAssert.NoErrors(TestSpecs.BestOfN().Errors());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void EssThresholdOutsideZeroToOne_IsRefused(double threshold)
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.essThreshold", threshold).Errors(), "method.essThreshold", "must be between 0 and 1");
    }

    [Fact]
    public void NonFiniteEssThreshold_IsRefused()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.essThreshold", "NaN").Errors(), "method.essThreshold", "must be a finite number");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(21)]
    public void EveryOutsideOneToSteps_IsRefused(int every)
    {
        // The base spec has 20 steps.
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.every", every).Errors(), "method.every", "must be between 1 and 20");
    }

    [Fact]
    public void WindowEndBeforeStart_IsRefused()
    {
        var spec = TestSpecs.Fk().With("method.window", new JsonObject { ["start"] = 10, ["end"] = 5 });
        SpecAssert.HasOnlyError(spec.Errors(), "method.window", "end (5) is before start (10)");
    }

    [Theory]
    [InlineData("start", 20)]
    [InlineData("end", 20)]
    [InlineData("start", -1)]
    public void WindowOutsideTheSteps_IsRefused(string end, int value)
    {
        var spec = TestSpecs.Fk().With("method.window", new JsonObject { [end] = value });
        SpecAssert.HasOnlyError(spec.Errors(), $"method.window.{end}", "must be between 0 and 19");
    }

    [Theory]
    [InlineData("potential", "max")]
    [InlineData("resampler", "systematic")]
    [InlineData("every", 2)]
    [InlineData("essThreshold", 0.5)]
    public void FkOnlyFields_OnBestOfN_AreRefused(string field, object value)
    {
        var node = value is string s ? JsonValue.Create(s) : value is int i ? JsonValue.Create(i) : JsonValue.Create((double)value);
        SpecAssert.HasOnlyError(TestSpecs.BestOfN().With($"method.{field}", node).Errors(), $"method.{field}", "not used by best-of-n", "remove it");
    }

    [Fact]
    public void Window_OnBestOfN_IsRefused()
    {
        var spec = TestSpecs.BestOfN().With("method.window", new JsonObject { ["start"] = 0, ["end"] = 5 });
        SpecAssert.HasOnlyError(spec.Errors(), "method.window", "not used by best-of-n");
    }

    [Theory]
    [InlineData("ddpm")]
    [InlineData("exact")]
    public void Eta_OnASamplerOtherThanDdim_IsRefused(string kind)
    {
        var spec = TestSpecs.Fk().With("sampler.kind", kind).With("sampler.eta", 0.5);
        SpecAssert.HasOnlyError(spec.Errors(), "sampler.eta", "not used", "only ddim takes eta");
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    public void DdimEtaOutsideZeroToOne_IsRefused(double eta)
    {
        var spec = TestSpecs.BestOfN().With("sampler.kind", "ddim").With("sampler.eta", eta);
        SpecAssert.HasOnlyError(spec.Errors(), "sampler.eta", "must be between 0 and 1");
    }

    [Fact]
    public void DeterministicDdim_UnderFk_IsRefused()
    {
        var spec = TestSpecs.Fk().With("sampler.kind", "ddim").With("sampler.eta", 0.0);
        SpecAssert.HasOnlyError(spec.Errors(), "sampler.eta", "deterministic", "eta > 0");
    }

    [Fact]
    public void DdimWithoutEta_UnderFk_IsRefused_BecauseEtaDefaultsToZero()
    {
        var spec = TestSpecs.Fk().With("sampler.kind", "ddim");
        SpecAssert.HasOnlyError(spec.Errors(), "sampler.eta", "deterministic");
    }
}
