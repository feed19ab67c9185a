using System.Text.Json.Nodes;
using Orchestrator.Contracts.Tests.Support;

namespace Orchestrator.Contracts.Tests;

/// <summary>
/// The method kinds svdd-pm, random-search and zero-order-search: valid specs, every method field
/// refused where it does not apply, the ranges of their own fields, and the sampler each needs
/// (search: deterministic DDIM; SVDD: a stochastic sampler).
/// </summary>
public class NewMethodKindTests
{
    /// <summary>svdd-pm over ddpm, 16 chains of 4 children.</summary>
    static JsonObject SvddPm()
    {
        var spec = TestSpecs.Fk();
        spec["method"] = new JsonObject { ["kind"] = "svdd-pm", ["particles"] = 16, ["children"] = 4, ["alpha"] = 0.0 };
        return spec;
    }

    /// <summary>random-search over deterministic DDIM, 64 noises keeping 4.</summary>
    static JsonObject RandomSearch()
    {
        var spec = TestSpecs.Fk();
        spec["sampler"] = new JsonObject { ["kind"] = "ddim", ["steps"] = 20, ["eta"] = 0.0, ["schedule"] = "cosine" };
        spec["method"] = new JsonObject { ["kind"] = "random-search", ["particles"] = 64, ["keep"] = 4 };
        return spec;
    }

    /// <summary>zero-order-search over deterministic DDIM (no particles).</summary>
    static JsonObject ZeroOrder()
    {
        var spec = TestSpecs.Fk();
        spec["sampler"] = new JsonObject { ["kind"] = "ddim", ["steps"] = 20, ["eta"] = 0.0, ["schedule"] = "cosine" };
        spec["method"] = new JsonObject { ["kind"] = "zero-order-search", ["neighbours"] = 4, ["tau"] = 0.9, ["rounds"] = 5 };
        return spec;
    }

    static JsonObject Base(string kind) => kind switch
    {
        "fk" => TestSpecs.Fk(),
        "best-of-n" => TestSpecs.BestOfN(),
        "svdd-pm" => SvddPm(),
        "random-search" => RandomSearch(),
        "zero-order-search" => ZeroOrder(),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>A value of the right JSON type for each method field (valid where the field applies).</summary>
    static JsonNode ValueFor(string field) => field switch
    {
        "potential" => JsonValue.Create("max"),
        "resampler" => JsonValue.Create("systematic"),
        "every" => JsonValue.Create(2),
        "window" => new JsonObject { ["start"] = 0, ["end"] = 5 },
        "essThreshold" => JsonValue.Create(0.5),
        "lambda" => JsonValue.Create(1.0),
        "children" => JsonValue.Create(4),
        "alpha" => JsonValue.Create(0.5),
        "keep" => JsonValue.Create(2),
        "neighbours" => JsonValue.Create(3),
        "tau" => JsonValue.Create(0.8),
        "rounds" => JsonValue.Create(3),
        "particles" => JsonValue.Create(8),
        _ => throw new ArgumentException(field),
    };

    // ---- valid specs ----

    [Fact]
    public void BaseSpecsOfTheNewKinds_AreValid()
    {
        SpecAssert.NoErrors(SvddPm().Errors());
        SpecAssert.NoErrors(RandomSearch().Errors());
        SpecAssert.NoErrors(ZeroOrder().Errors());
    }

    [Theory]
    [InlineData("svdd-pm")]
    [InlineData("random-search")]
    public void NewKinds_WithOnlyKindAndParticles_AreValid(string kind)
    {
        var spec = Base(kind);
        spec["method"] = new JsonObject { ["kind"] = kind, ["particles"] = 8 };
        SpecAssert.NoErrors(spec.Errors());
    }

    [Fact]
    public void ZeroOrder_WithOnlyKind_IsValid()
    {
        var spec = ZeroOrder();
        spec["method"] = new JsonObject { ["kind"] = "zero-order-search" };
        SpecAssert.NoErrors(spec.Errors());
    }

    [Theory]
    [InlineData("ddpm", null)]
    [InlineData("exact", null)]
    [InlineData("ddim", 0.5)]
    [InlineData("ddim", 1.0)]
    public void SvddPm_OnAStochasticSampler_IsValid(string sampler, double? eta)
    {
        var spec = SvddPm().With("sampler.kind", sampler).With("sampler.eta", eta is { } e ? JsonValue.Create(e) : null);
        SpecAssert.NoErrors(spec.Errors());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e6)]
    [InlineData(2.5)]
    public void SvddPm_AlphaInRange_IsValid(double alpha)
    {
        SpecAssert.NoErrors(SvddPm().With("method.alpha", alpha).Errors());
    }

    [Theory]
    [InlineData("random-search")]
    [InlineData("zero-order-search")]
    public void Search_OnDdimWithoutEta_IsValid_BecauseEtaDefaultsToZero(string kind)
    {
        SpecAssert.NoErrors(Base(kind).Without("sampler.eta").Errors());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]   // keep = particles: everything is kept
    public void RandomSearch_KeepFromOneToParticles_IsValid(int keep)
    {
        SpecAssert.NoErrors(RandomSearch().With("method.keep", keep).Errors());
    }

    [Theory]
    [InlineData(-0.999)]
    [InlineData(0.0)]
    [InlineData(0.999)]
    public void ZeroOrder_TauStrictlyInsideMinusOneToOne_IsValid(double tau)
    {
        SpecAssert.NoErrors(ZeroOrder().With("method.tau", tau).Errors());
    }

    // ---- fields refused where they do not apply ----

    public static TheoryData<string, string> FieldsThatDoNotApply()
    {
        var data = new TheoryData<string, string>();
        string[] kinds = ["fk", "best-of-n", "svdd-pm", "random-search", "zero-order-search"];
        var fkOnly = new[] { "potential", "resampler", "every", "window", "essThreshold" };
        foreach (var kind in kinds)
        {
            if (kind != "fk") foreach (var f in fkOnly) data.Add(kind, f);
            if (kind is "svdd-pm" or "random-search" or "zero-order-search") data.Add(kind, "lambda");
            if (kind != "svdd-pm") { data.Add(kind, "children"); data.Add(kind, "alpha"); }
            if (kind != "random-search") data.Add(kind, "keep");
            if (kind != "zero-order-search") { data.Add(kind, "neighbours"); data.Add(kind, "tau"); data.Add(kind, "rounds"); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FieldsThatDoNotApply))]
    public void Field_WhereItDoesNotApply_IsRefusedByPathAsNotUsed(string kind, string field)
    {
        var spec = Base(kind);
        Assert.Null(spec.Section("method")[field]);
        SpecAssert.NoErrors(spec.Errors());

        var errors = spec.With($"method.{field}", ValueFor(field)).Errors();

        var reason = kind == "best-of-n" ? "not used by best-of-n" : $"not used by {kind}";
        SpecAssert.HasOnlyError(errors, $"method.{field}", reason, "remove it");
    }

    [Theory]
    [InlineData("svdd-pm")]
    [InlineData("random-search")]
    [InlineData("zero-order-search")]
    public void Lambda_OnTheNewKinds_SaysTheyMaximiseWithNoTilt(string kind)
    {
        SpecAssert.HasOnlyError(Base(kind).With("method.lambda", 2.0).Errors(), "method.lambda", "not used", "no tilt");
    }

    [Theory]
    [InlineData("children")]
    [InlineData("alpha")]
    [InlineData("keep")]
    [InlineData("neighbours")]
    [InlineData("tau")]
    [InlineData("rounds")]
    public void NewFields_AreStillRefusedWhenFkIsValidOtherwise(string field)
    {
        // FK's own required lambda is present; only the foreign field is reported.
        SpecAssert.HasOnlyError(TestSpecs.Fk().With($"method.{field}", ValueFor(field)).Errors(), $"method.{field}", "not used by fk");
    }

    [Fact]
    public void ZeroOrder_WithParticles_IsRefused()
    {
        var errors = ZeroOrder().With("method.particles", 8).Errors();
        SpecAssert.HasOnlyError(errors, "method.particles", "not used by zero-order-search", "remove it");
    }

    [Fact]
    public void SeveralForeignFields_AreEachReported()
    {
        var spec = ZeroOrder()
            .With("method.particles", 8)
            .With("method.keep", 2)
            .With("method.children", 3)
            .With("method.lambda", 1.0)
            .With("method.resampler", "systematic");

        var errors = spec.Errors();

        Assert.Equal(5, errors.Count);
        foreach (var field in new[] { "particles", "keep", "children", "lambda", "resampler" })
            SpecAssert.HasError(errors, $"method.{field}", "not used by zero-order-search");
    }

    [Theory]
    [InlineData("neighbors", "neighbours")]
    [InlineData("childen", "children")]
    [InlineData("round", "rounds")]
    public void MisspeltNewField_IsUnknown_WithADidYouMean(string typo, string meant)
    {
        SpecAssert.HasOnlyError(ZeroOrder().With($"method.{typo}", 1).Errors(), $"method.{typo}", "unknown field", $"did you mean '{meant}'?");
    }

    // ---- missing particles ----

    [Theory]
    [InlineData("svdd-pm")]
    [InlineData("random-search")]
    public void MissingParticles_IsReported(string kind)
    {
        SpecAssert.HasOnlyError(Base(kind).Without("method.particles").Errors(), "method.particles", "required but missing");
    }

    [Theory]
    [InlineData("svdd-pm", 0)]
    [InlineData("svdd-pm", -3)]
    [InlineData("random-search", 0)]
    [InlineData("random-search", 10_000_001)]
    public void ParticlesOutOfRange_AreRefused(string kind, int particles)
    {
        var errors = Base(kind).Without("method.keep").With("method.particles", particles).Errors();
        SpecAssert.HasOnlyError(errors, "method.particles", "must be between 1 and 10000000", $"got {particles}");
    }

    // ---- ranges ----

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    public void SvddPm_ChildrenOutOfRange_IsRefused(int children)
    {
        SpecAssert.HasOnlyError(SvddPm().With("method.children", children).Errors(), "method.children", "must be between 1 and 4096", $"got {children}");
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(-1e-9)]
    [InlineData(2e6)]
    public void SvddPm_AlphaOutOfRange_IsRefused(double alpha)
    {
        SpecAssert.HasOnlyError(SvddPm().With("method.alpha", alpha).Errors(), "method.alpha", "must be between 0 and");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void SvddPm_NonFiniteAlpha_IsRefused(string literal)
    {
        SpecAssert.HasOnlyError(SvddPm().With("method.alpha", literal).Errors(), "method.alpha", "must be a finite number");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(65)]       // more than the 64 particles
    [InlineData(1000)]
    public void RandomSearch_KeepOutsideOneToParticles_IsRefused(int keep)
    {
        SpecAssert.HasOnlyError(RandomSearch().With("method.keep", keep).Errors(), "method.keep", "must be between 1 and 64", $"got {keep}");
    }

    [Fact]
    public void RandomSearch_KeepAboveParticles_FollowsTheParticleCount()
    {
        SpecAssert.HasOnlyError(RandomSearch().With("method.particles", 3).With("method.keep", 4).Errors(), "method.keep", "must be between 1 and 3");
        SpecAssert.NoErrors(RandomSearch().With("method.particles", 4).With("method.keep", 4).Errors());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65537)]
    public void ZeroOrder_NeighboursOutOfRange_IsRefused(int neighbours)
    {
        SpecAssert.HasOnlyError(ZeroOrder().With("method.neighbours", neighbours).Errors(), "method.neighbours", "must be between 1 and", $"got {neighbours}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(1.5)]
    [InlineData(0.9995)]
    public void ZeroOrder_TauNotStrictlyInsideMinusOneToOne_IsRefused(double tau)
    {
        SpecAssert.HasOnlyError(ZeroOrder().With("method.tau", tau).Errors(), "method.tau", "must be between -0.999 and 0.999");
    }

    [Fact]
    public void ZeroOrder_NaNTau_IsRefused()
    {
        SpecAssert.HasOnlyError(ZeroOrder().With("method.tau", "NaN").Errors(), "method.tau", "must be a finite number");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(100_001)]
    public void ZeroOrder_RoundsOutOfRange_IsRefused(int rounds)
    {
        SpecAssert.HasOnlyError(ZeroOrder().With("method.rounds", rounds).Errors(), "method.rounds", "must be between 1 and", $"got {rounds}");
    }

    // ---- the sampler each kind needs ----

    [Theory]
    [InlineData("random-search", "ddpm", null)]
    [InlineData("random-search", "exact", null)]
    [InlineData("random-search", "ddim", 0.5)]
    [InlineData("random-search", "ddim", 1.0)]
    [InlineData("zero-order-search", "ddpm", null)]
    [InlineData("zero-order-search", "exact", null)]
    [InlineData("zero-order-search", "ddim", 0.5)]
    public void Search_WithoutDeterministicDdim_IsRefusedNamingSamplerKind(string kind, string sampler, double? eta)
    {
        var spec = Base(kind).With("sampler.kind", sampler).With("sampler.eta", eta is { } e ? JsonValue.Create(e) : null);

        var errors = spec.Errors();

        var error = SpecAssert.HasOnlyError(errors, "sampler.kind", kind, "ddim with eta 0", sampler);
        if (eta is { } given) Assert.Contains($"eta {given}", error.Problem);
    }

    [Fact]
    public void SvddPm_OnDeterministicDdim_IsRefusedNamingSamplerEta()
    {
        var spec = SvddPm().With("sampler.kind", "ddim").With("sampler.eta", 0.0);
        SpecAssert.HasOnlyError(spec.Errors(), "sampler.eta", "SVDD", "deterministic", "eta > 0");
    }

    [Fact]
    public void SvddPm_OnDdimWithoutEta_IsRefused_BecauseEtaDefaultsToZero()
    {
        var spec = SvddPm().With("sampler.kind", "ddim");
        Assert.Null(spec.Section("sampler")["eta"]);
        SpecAssert.HasOnlyError(spec.Errors(), "sampler.eta", "deterministic");
    }

    [Fact]
    public void Search_OnDdpmWithEta_ReportsBothTheStrayEtaAndTheSampler()
    {
        // eta is not used by ddpm, and ddpm is not deterministic DDIM: two separate problems.
        var errors = RandomSearch().With("sampler.kind", "ddpm").With("sampler.eta", 0.0).Errors();
        SpecAssert.HasError(errors, "sampler.eta", "not used");
        SpecAssert.HasError(errors, "sampler.kind", "random-search");
        Assert.Equal(2, errors.Count);
    }
}
