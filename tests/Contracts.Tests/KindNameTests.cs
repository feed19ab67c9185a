using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>Every name-valued field refuses unknown names, naming the field and listing the allowed names.</summary>
public class KindNameTests
{
    // The allowed names as the README documents them (not read from SpecNames, so a silent change fails here).
    public static TheoryData<string, string, string[]> UnknownNames() => new()
    {
        { "model.kind", "gmm", ["gaussian-mixture"] },
        { "model.parameterisation", "score", ["x0", "epsilon", "v"] },
        { "sampler.kind", "euler", ["ddpm", "ddim", "exact", "sde", "masked"] },
        { "sampler.schedule", "sigmoid", ["linear", "cosine"] },
        { "method.kind", "svdd", ["fk", "best-of-n", "svdd-pm", "svdd-mc", "random-search", "zero-order-search", "path-search", "fkc"] },
        { "method.potential", "min", ["difference", "max", "sum", "immediate"] },
        { "method.resampler", "greedy", ["systematic", "stratified", "multinomial", "residual"] },
        { "reward.kind", "aesthetic", ["linear", "distance", "classifier", "brightness", "symmetry", "regex", "length", "onnx", "plugin", "remote", "weighted-sum", "rank"] },
    };

    [Theory]
    [MemberData(nameof(UnknownNames))]
    public void UnknownName_IsRefused_NamingFieldAndListingAllowedNames(string field, string value, string[] allowed)
    {
        var errors = TestSpecs.Fk().With(field, value).Errors();

        var error = SpecAssert.HasError(errors, field, $"unknown value '{value}'", "expected one of:");
        var listed = error.Problem[(error.Problem.IndexOf("expected one of:", StringComparison.Ordinal) + "expected one of:".Length)..]
            .TrimEnd(')').Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(allowed.Order(), listed.Order());
    }

    [Theory]
    [InlineData("method.kind", "FK")]
    [InlineData("sampler.kind", "DDPM")]
    [InlineData("method.resampler", "Systematic")]
    [InlineData("reward.kind", " linear")]
    public void Names_AreCaseAndSpaceSensitive(string field, string value)
    {
        SpecAssert.HasError(TestSpecs.Fk().With(field, value).Errors(), field, $"unknown value '{value}'");
    }

    [Fact]
    public void UnknownMethodKind_StopsMethodChecks_ButStillChecksTheRest()
    {
        var errors = TestSpecs.Fk().With("method.kind", "svdd").With("method.particles", 0).With("reward.kind", "nope").Errors();

        SpecAssert.HasError(errors, "method.kind", "unknown value 'svdd'");
        SpecAssert.HasError(errors, "method.particles", "must be between 1");
        SpecAssert.HasError(errors, "reward.kind", "unknown value 'nope'");
    }

    [Fact]
    public void VeryLongUnknownName_IsShortenedInTheMessage()
    {
        var value = new string('x', 5000);

        var error = SpecAssert.HasOnlyError(TestSpecs.Fk().With("sampler.kind", value).Errors(), "sampler.kind", "unknown value 'xxx", "...'");

        Assert.True(error.Problem.Length < 200, $"message is {error.Problem.Length} characters long");
    }
}
