using Orchestrator.Contracts.Specs;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Schedules;

namespace Orchestrator.Contracts.Tests;

/// <summary>
/// The spec's name lists (what the validator accepts) and the engine's (what the job builder can
/// make) are kept in two places; these tests make them unable to drift. Order is not part of the
/// contract (the two resampler lists are ordered differently), so names are compared as sets.
/// </summary>
public class NameDriftTests
{
    [Fact]
    public void ResamplerNames_AreTheEnginesResamplerNames()
    {
        AssertSameNames(Resamplers.Names, SpecNames.Resamplers, "resamplers");
    }

    [Fact]
    public void ScheduleNames_AreTheEnginesScheduleNames()
    {
        AssertSameNames(NoiseSchedules.Names, SpecNames.Schedules, "schedules");
    }

    [Fact]
    public void EverySpecResamplerName_BuildsTheResamplerOfThatName()
    {
        foreach (var name in SpecNames.Resamplers) Assert.Equal(name, Resamplers.ByName(name).Name);
    }

    [Fact]
    public void EverySpecScheduleName_BuildsTheScheduleOfThatName()
    {
        foreach (var name in SpecNames.Schedules) Assert.Equal(name, NoiseSchedules.ByName(name).Name);
    }

    [Fact]
    public void PotentialNames_AreTheEnginesPotentialKinds()
    {
        AssertSameNames(Enum.GetNames<FkPotentialKind>().Select(n => n.ToLowerInvariant()).ToArray(), SpecNames.Potentials, "potentials");
    }

    [Fact]
    public void ParameterisationNames_AreTheEnginesParameterisations()
    {
        AssertSameNames(Enum.GetNames<Parameterisation>().Select(n => n.ToLowerInvariant()).ToArray(), SpecNames.Parameterisations, "parameterisations");
    }

    [Fact]
    public void DefaultsTheJobBuilderUses_AreAllowedNames()
    {
        // JobBuilder falls back to "linear", "systematic", "difference" and "x0" when a field is omitted.
        Assert.Contains("linear", SpecNames.Schedules);
        Assert.Contains("systematic", SpecNames.Resamplers);
        Assert.Contains("difference", SpecNames.Potentials);
        Assert.Contains("x0", SpecNames.Parameterisations);
    }

    static void AssertSameNames(IReadOnlyList<string> engine, IReadOnlyList<string> spec, string what)
    {
        Assert.True(engine.Distinct().Count() == engine.Count, $"engine {what} has duplicates: {string.Join(", ", engine)}");
        Assert.True(spec.Distinct().Count() == spec.Count, $"spec {what} has duplicates: {string.Join(", ", spec)}");
        var onlyEngine = engine.Except(spec).ToArray();
        var onlySpec = spec.Except(engine).ToArray();
        Assert.True(onlyEngine.Length == 0 && onlySpec.Length == 0,
            $"{what} drifted: only in the engine [{string.Join(", ", onlyEngine)}], only in SpecNames [{string.Join(", ", onlySpec)}]");
    }
}
