using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>Required fields that are absent are reported by path, not defaulted.</summary>
public class MissingFieldTests
{
    [Theory]
    [InlineData("model")]
    [InlineData("sampler")]
    [InlineData("method")]
    [InlineData("reward")]
    [InlineData("model.means")]
    [InlineData("model.stds")]
    [InlineData("sampler.kind")]
    [InlineData("sampler.steps")]
    [InlineData("method.kind")]
    [InlineData("method.particles")]
    [InlineData("reward.kind")]
    public void MissingRequiredField_IsReportedByPath(string field)
    {
        var errors = TestSpecs.Fk().Without(field).Errors();
        SpecAssert.HasError(errors, field, "required but missing");
    }

    [Theory]
    [InlineData("sampler.steps")]
    [InlineData("method.particles")]
    public void NullRequiredField_IsReportedAsMissing(string field)
    {
        var json = TestSpecs.Fk().ToJsonString();
        var spec = TestSpecs.Parse(json);
        var dot = field.IndexOf('.');
        spec.Section(field[..dot])[field[(dot + 1)..]] = null;   // an explicit JSON null
        SpecAssert.HasError(spec.Errors(), field, "required but missing");
    }

    [Fact]
    public void ModelWithoutKindNameOrCard_SaysTheThreeWays()
    {
        SpecAssert.HasError(TestSpecs.Fk().Without("model.kind").Errors(), "model", "needs one of: name (a registry model), card (a model card's path) or kind (gaussian-mixture, given inline)");
    }

    [Fact]
    public void EmptyObject_ReportsAllFourSections()
    {
        var errors = TestSpecs.Errors("{}");
        SpecAssert.HasError(errors, "model", "required but missing");
        SpecAssert.HasError(errors, "sampler", "required but missing");
        SpecAssert.HasError(errors, "method", "required but missing");
        SpecAssert.HasError(errors, "reward", "required but missing");
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void EmptySections_ReportEveryMissingKindAndCount()
    {
        var errors = TestSpecs.Errors("""{ "model": {}, "sampler": {}, "method": {}, "reward": {} }""");
        SpecAssert.HasError(errors, "model", "needs one of: name (a registry model), card (a model card's path) or kind");
        foreach (var field in new[] { "sampler.kind", "sampler.steps", "method.kind", "method.particles", "reward.kind" })
            SpecAssert.HasError(errors, field, "required but missing");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void EmptyText_IsRefused(string json)
    {
        SpecAssert.HasOnlyError(TestSpecs.Errors(json), "$", "the spec is empty");
    }

    [Fact]
    public void JsonNull_IsRefused()
    {
        SpecAssert.HasOnlyError(TestSpecs.Errors("null"), "$", "expected a JSON object");
    }
}
