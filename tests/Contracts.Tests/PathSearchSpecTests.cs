using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>The path-search method kind: its fields, their defaults, and the rounds that must advance.</summary>
public class PathSearchSpecTests
{
    static JsonObject PathSearch(JsonObject? method = null)
    {
        var spec = TestSpecs.Fk();
        spec["sampler"] = new JsonObject { ["kind"] = "ddim", ["steps"] = 20, ["eta"] = 0.0 };
        spec["method"] = method ?? new JsonObject { ["kind"] = "path-search", ["particles"] = 8, ["branches"] = 4, ["start"] = 5, ["forward"] = 2, ["back"] = 4 };
        return spec;
    }

    [Fact]
    public void A_full_spec_and_one_with_every_default_are_valid()
    {
        SpecAssert.NoErrors(PathSearch().Errors());
        SpecAssert.NoErrors(PathSearch(new JsonObject { ["kind"] = "path-search", ["particles"] = 8 }).Errors());
    }

    [Fact]
    public void Rounds_that_do_not_advance_are_refused()
    {
        var errors = PathSearch().With("method.back", 2).Errors();
        SpecAssert.HasOnlyError(errors, "method.back", "must be more than forward");
    }

    [Fact]
    public void Noising_back_past_the_first_level_is_refused() =>
        SpecAssert.HasOnlyError(PathSearch().With("method.forward", 6).With("method.back", 8).Errors(), "method.forward", "at most start");

    [Theory]
    [InlineData("method.start", 20)]
    [InlineData("method.start", 0)]
    [InlineData("method.branches", 0)]
    public void Out_of_range_levels_are_refused(string field, int value) =>
        SpecAssert.HasError(PathSearch().With(field, value).Errors(), field, "must be between");

    [Fact]
    public void Path_search_needs_deterministic_DDIM_and_its_fields_belong_to_it_alone()
    {
        SpecAssert.HasOnlyError(PathSearch().With("sampler.eta", 0.5).Errors(), "sampler.kind", "deterministic sampler");
        SpecAssert.HasOnlyError(TestSpecs.Fk().With("method.branches", 4).Errors(), "method.branches", "not used by fk");
    }
}
