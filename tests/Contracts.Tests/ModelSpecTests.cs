using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>model.* and reward.*: shapes, counts and values of the mixture, and the reward's dimension against it.</summary>
public class ModelSpecTests
{
    static JsonArray Numbers(params object[] values) => new(values.Select(v => v is string s ? JsonValue.Create(s) : JsonValue.Create(Convert.ToDouble(v))).ToArray<JsonNode?>());

    static JsonArray Rows(params JsonArray[] rows) => new(rows.ToArray<JsonNode?>());

    [Fact]
    public void LinearRewardWeights_WithWrongDimension_AreRefused()
    {
        var errors = TestSpecs.Fk().With("reward.weights", Numbers(1, 0.5, 2)).Errors();
        SpecAssert.HasOnlyError(errors, "reward.weights", "has 3 dimensions but the model has 2");
    }

    [Fact]
    public void DistanceTarget_WithWrongDimension_IsRefused()
    {
        var spec = TestSpecs.Fk().With("reward", new JsonObject { ["kind"] = "distance", ["target"] = Numbers(1) });
        SpecAssert.HasOnlyError(spec.Errors(), "reward.target", "has 1 dimensions but the model has 2");
    }

    [Fact]
    public void RaggedMeans_AreRefused_AtTheFirstOddRow()
    {
        var errors = TestSpecs.Fk().With("model.means", Rows(Numbers(0, 0), Numbers(1, 1), Numbers(1, 2, 3))).Errors();
        SpecAssert.HasError(errors, "model.means[2]", "has 3 dimensions but model.means[0] has 2");
    }

    [Fact]
    public void EmptyMeanRow_IsRefused()
    {
        var errors = TestSpecs.Fk().With("model.means", Rows(Numbers(0, 0), Numbers(), Numbers(1, 1))).Errors();
        SpecAssert.HasError(errors, "model.means[1]", "non-empty list of numbers");
    }

    [Fact]
    public void NoComponents_IsRefused()
    {
        var errors = TestSpecs.Fk().With("model.means", new JsonArray()).With("model.stds", new JsonArray()).Without("model.weights").Errors();
        SpecAssert.HasError(errors, "model.means", "at least one component");
    }

    [Fact]
    public void NonFiniteMean_IsRefused_ByEntry()
    {
        var errors = TestSpecs.Fk().With("model.means", Rows(Numbers(0, 0), Numbers(1, "NaN"), Numbers(1, 1))).Errors();
        SpecAssert.HasOnlyError(errors, "model.means[1][1]", "must be a finite number");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void StdsCount_NotMatchingMeans_IsRefused(int count)
    {
        var stds = Numbers(Enumerable.Repeat((object)0.5, count).ToArray());
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("model.stds", stds).Errors(), "model.stds", $"has {count} entries for 3 components");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void WeightsCount_NotMatchingMeans_IsRefused(int count)
    {
        var weights = Numbers(Enumerable.Repeat((object)0.25, count).ToArray());
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("model.weights", weights).Errors(), "model.weights", $"has {count} entries for 3 components");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData(1e200)]
    public void NonPositiveOrNonFiniteStd_IsRefused_ByEntry(object std)
    {
        var errors = TestSpecs.Fk().With("model.stds", Numbers(0.4, std, 0.3)).Errors();
        SpecAssert.HasOnlyError(errors, "model.stds[1]", "must be a positive number at most");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void NegativeOrNonFiniteWeight_IsRefused_ByEntry(object weight)
    {
        var errors = TestSpecs.Fk().With("model.weights", Numbers(0.5, weight, 0.2)).Errors();
        SpecAssert.HasError(errors, "model.weights[1]", "must be a non-negative finite number");
    }

    [Fact]
    public void AllZeroWeights_AreRefused()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("model.weights", Numbers(0, 0, 0)).Errors(), "model.weights", "must not all be zero");
    }

    [Fact]
    public void WeightsSummingToZero_WithANegative_AreRefused()
    {
        var errors = TestSpecs.Fk().With("model.weights", Numbers(-1, 0.5, 0.5)).Errors();
        // The negative entry is the problem; "must not all be zero" would be untrue here.
        SpecAssert.HasOnlyError(errors, "model.weights[0]", "non-negative");
    }

    [Fact]
    public void UnnormalisedWeights_AreAccepted()
    {
        SpecAssert.NoErrors(TestSpecs.Fk().With("model.weights", Numbers(5, 3, 2)).Errors());
        SpecAssert.NoErrors(TestSpecs.Fk().With("model.weights", Numbers(0, 1, 0)).Errors());
    }

    [Fact]
    public void FiniteWeightsWhoseSumOverflows_AreRefused()
    {
        // Each weight is finite and non-negative, but their sum is +Infinity, so normalising them
        // (GaussianMixture divides by the sum) makes every weight 0. The engine then produces no
        // finite sample and the job fails at step 0 (steer run exits 1), which is what the
        // validator promises to catch before anything runs.
        var errors = TestSpecs.Fk().With("model.weights", Numbers(1e308, 1e308, 1e308)).Errors();
        Assert.True(errors.Any(e => e.Field.StartsWith("model.weights", StringComparison.Ordinal)),
            $"weights [1e308, 1e308, 1e308] (sum +Infinity) were accepted; errors: [{string.Join("; ", errors)}]");
    }

    [Fact]
    public void NonFiniteRewardVector_IsRefused_ByEntry()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("reward.weights", Numbers(1, "Infinity")).Errors(), "reward.weights[1]", "must be a finite number");
        var distance = TestSpecs.Fk().With("reward", new JsonObject { ["kind"] = "distance", ["target"] = Numbers("NaN", 0) });
        SpecAssert.HasOnlyError(distance.Errors(), "reward.target[0]", "must be a finite number");
    }

    [Fact]
    public void LinearReward_WithoutWeights_IsRefused()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().Without("reward.weights").Errors(), "reward.weights", "required but missing");
    }

    [Fact]
    public void DistanceReward_WithoutTarget_IsRefused()
    {
        var spec = TestSpecs.Fk().With("reward", new JsonObject { ["kind"] = "distance" });
        SpecAssert.HasOnlyError(spec.Errors(), "reward.target", "required but missing");
    }

    [Fact]
    public void TheOtherRewardsVector_IsRefusedAsNotUsed()
    {
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("reward.target", Numbers(0, 0)).Errors(), "reward.target", "not used by the linear reward");
        var distance = TestSpecs.Fk().With("reward", new JsonObject { ["kind"] = "distance", ["target"] = Numbers(0, 0), ["weights"] = Numbers(1, 1) });
        SpecAssert.HasOnlyError(distance.Errors(), "reward.weights", "not used by the distance reward");
    }

    [Fact]
    public void TooManyComponents_AreRefused()
    {
        var means = new JsonArray(Enumerable.Range(0, 10_001).Select(k => (JsonNode?)Numbers(k, 0)).ToArray());
        var stds = Numbers(Enumerable.Repeat((object)1.0, 10_001).ToArray());
        var errors = TestSpecs.Fk().With("model.means", means).With("model.stds", stds).Without("model.weights").Errors();
        SpecAssert.HasError(errors, "model.means", "at most 10000 components");
    }
}
