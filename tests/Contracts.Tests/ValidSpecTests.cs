using System.Text.Json.Nodes;
using Orchestrator.Contracts.Specs;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>Specs that must be accepted, including the README's examples as shipped.</summary>
public class ValidSpecTests
{
    static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name));

    [Fact]
    public void FkExample_IsValid_AndReadAsWritten()
    {
        var (spec, errors) = JobSpecJson.Parse(Example("fk-2d.json"));

        SpecAssert.NoErrors(errors);
        Assert.NotNull(spec);
        Assert.Equal(SpecNames.GaussianMixture, spec.Model!.Kind);
        Assert.Equal(3, spec.Model.Means!.Length);
        Assert.Equal([0, 2.0], spec.Model.Means[2]);
        Assert.Equal([0.4, 0.5, 0.3], spec.Model.Stds!);
        Assert.Equal(SpecNames.Ddpm, spec.Sampler!.Kind);
        Assert.Equal(100, spec.Sampler.Steps);
        Assert.Equal("cosine", spec.Sampler.Schedule);
        Assert.Equal(SpecNames.Fk, spec.Method!.Kind);
        Assert.Equal(1024, spec.Method.Particles);
        Assert.Equal(1.0, spec.Method.Lambda);
        Assert.Equal(5, spec.Method.Every);
        Assert.Equal(0, spec.Method.Window!.Start);
        Assert.Equal(90, spec.Method.Window.End);
        Assert.Equal(0.5, spec.Method.EssThreshold);
        Assert.Equal([1, 0.5], spec.Reward!.Weights!);
        Assert.Equal(7L, spec.Seed);
    }

    [Fact]
    public void BestOfNExample_IsValid()
    {
        var (spec, errors) = JobSpecJson.Parse(Example("best-of-n-2d.json"));

        SpecAssert.NoErrors(errors);
        Assert.Equal(SpecNames.BestOfN, spec!.Method!.Kind);
        Assert.Equal(1024, spec.Method.Particles);
    }

    [Fact]
    public void BadSpecExample_ReportsEveryProblemByField()
    {
        var errors = TestSpecs.Errors(Example("bad-spec.json"));

        SpecAssert.HasError(errors, "method.lamda", "unknown field", "did you mean 'lambda'?");
        SpecAssert.HasError(errors, "method.particles", "must be between 1 and", "got -4");
        SpecAssert.HasError(errors, "method.lambda", "required but missing");
        SpecAssert.HasError(errors, "reward.weights", "has 3 dimensions but the model has 2");
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void TestBaseSpecs_AreValid()
    {
        SpecAssert.NoErrors(TestSpecs.Fk().Errors());
        SpecAssert.NoErrors(TestSpecs.BestOfN().Errors());
    }

    [Fact]
    public void SeedAndOptionalFields_MayBeOmitted()
    {
        var spec = TestSpecs.Fk().Without("seed").Without("model.weights").Without("sampler.schedule");
        SpecAssert.NoErrors(spec.Errors());
    }

    [Fact]
    public void FkWithEveryOptionalField_IsValid()
    {
        var spec = TestSpecs.Fk()
            .With("method.potential", "max")
            .With("method.resampler", "residual")
            .With("method.every", 3)
            .With("method.window", new JsonObject { ["start"] = 2, ["end"] = 19 })
            .With("method.essThreshold", 1.0)
            .With("model.parameterisation", "v");
        SpecAssert.NoErrors(spec.Errors());
    }

    [Fact]
    public void DistanceReward_WithTargetOfModelDimension_IsValid()
    {
        var spec = TestSpecs.Fk().With("reward", new JsonObject { ["kind"] = "distance", ["target"] = new JsonArray(1.5, -0.5) });
        SpecAssert.NoErrors(spec.Errors());
    }

    [Theory]
    [InlineData("ddpm", null)]
    [InlineData("exact", null)]
    [InlineData("ddim", 0.5)]
    [InlineData("ddim", 1.0)]
    public void FkWithStochasticSampler_IsValid(string kind, double? eta)
    {
        var spec = TestSpecs.Fk().With("sampler.kind", kind).With("sampler.eta", eta is { } e ? JsonValue.Create(e) : null);
        SpecAssert.NoErrors(spec.Errors());
    }

    [Fact]
    public void BestOfNWithDeterministicDdim_IsValid()
    {
        // Best-of-n never resamples, so deterministic DDIM is fine there.
        var spec = TestSpecs.BestOfN().With("sampler.kind", "ddim").With("sampler.eta", 0.0);
        SpecAssert.NoErrors(spec.Errors());
    }

    [Fact]
    public void LimitsThemselves_AreAccepted()
    {
        var spec = TestSpecs.Fk()
            .With("method.particles", JobSpecValidator.MaxParticles)
            .With("sampler.steps", JobSpecValidator.MaxSteps)
            .With("method.essThreshold", 0.0);
        SpecAssert.NoErrors(spec.Errors());
        SpecAssert.NoErrors(TestSpecs.Fk().With("method.particles", 1).With("sampler.steps", 1).Errors());
    }

    [Fact]
    public void CommentsTrailingCommasAndPropertyCase_AreAccepted()
    {
        var errors = TestSpecs.Errors("""
            {
              // a comment
              "Model": { "kind": "gaussian-mixture", "means": [[0, 0]], "stds": [1], },
              "sampler": { "kind": "ddpm", "Steps": 10 }, /* another */
              "method": { "kind": "fk", "particles": 8, "lambda": 2, },
              "reward": { "kind": "linear", "weights": [1, 1] },
            }
            """);
        SpecAssert.NoErrors(errors);
    }

    [Fact]
    public void Serialize_ThenParse_GivesTheSameSpec()
    {
        var spec = JobSpecJson.ParseValid(Example("fk-2d.json"));
        var json = JobSpecJson.Serialize(spec);
        var again = JobSpecJson.ParseValid(json);

        Assert.Equal(json, JobSpecJson.Serialize(again));
        Assert.Contains("\"essThreshold\": 0.5", json);
    }

    [Fact]
    public void ParseValid_OnABadSpec_ThrowsWithEveryErrorInMessage()
    {
        var json = TestSpecs.Fk().With("method.particles", 0).With("sampler.steps", 0).ToJsonString();

        var e = Assert.Throws<InvalidSpecException>(() => JobSpecJson.ParseValid(json));

        SpecAssert.HasError(e.Errors, "method.particles", "must be between 1");
        SpecAssert.HasError(e.Errors, "sampler.steps", "must be between 1");
        Assert.Contains("method.particles: must be between 1", e.Message);
        Assert.Contains("sampler.steps: must be between 1", e.Message);
    }

    [Fact]
    public void ThrowIfInvalid_ThrowsOnlyForInvalidSpecs()
    {
        var valid = JobSpecJson.ParseValid(TestSpecs.Fk().ToJsonString());
        JobSpecValidator.ThrowIfInvalid(valid);

        var bad = valid with { Method = valid.Method! with { Particles = -1 } };
        var e = Assert.Throws<InvalidSpecException>(() => JobSpecValidator.ThrowIfInvalid(bad));
        SpecAssert.HasOnlyError(e.Errors, "method.particles", "got -1");
    }

    [Fact]
    public void Validate_OnAnObjectBuiltInCode_ChecksLikeParse()
    {
        // The CLI's demo and the grains build specs in code; the validator must not depend on JSON.
        var spec = new JobSpec
        {
            Model = new ModelSpec { Kind = SpecNames.GaussianMixture, Means = [[0, 0], [1]], Stds = [1, 1] },
            Sampler = new SamplerSpec { Kind = SpecNames.Ddpm, Steps = 10 },
            Method = new MethodSpec { Kind = SpecNames.Fk, Particles = 8, Lambda = double.PositiveInfinity },
            Reward = new RewardSpec { Kind = SpecNames.Linear, Weights = [1, 1] },
        };

        var errors = JobSpecValidator.Validate(spec);

        SpecAssert.HasError(errors, "model.means[1]", "has 1 dimensions but model.means[0] has 2");
        SpecAssert.HasError(errors, "method.lambda", "must be a finite number");
    }
}
