using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Tensors;

/// <summary>
/// TorchSharp 0.107 frees a temporary native Scalar in its finalizer, which the GC may run while
/// libtorch still reads it (any number mixed into tensor arithmetic, and the hidden alpha of every
/// tensor addition). The engine avoids such temporaries; this test runs whole jobs while another
/// thread forces collections and finalizers nonstop, which turns any lapse into a crash or garbage.
/// It runs alone (not in parallel with other classes), so the collector stresses the engine's code
/// and not whatever another test happens to do with tensors at the time.
/// </summary>
[Collection(nameof(GarbageCollectionSafetyTests))]
public class GarbageCollectionSafetyTests
{
    [Fact]
    public async Task Jobs_give_identical_results_while_the_collector_runs_nonstop()
    {
        var reference = RunJobs();
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        try
        {
            for (int round = 0; round < 3; round++)
                Assert.Equal(reference, RunJobs());
        }
        finally
        {
            stop.Cancel();
            await collector;
        }
    }

    static double[] RunJobs()
    {
        var results = new List<double>();
        foreach (var schedule in new INoiseSchedule[] { new LinearVpSchedule(), new CosineVpSchedule() })
        {
            var denoiser = new GaussianMixtureDenoiser(Mixtures.TwoD, schedule, Parameterisation.V);
            var options = new FkOptions(FkPotentialKind.Max, 1.0, new SystematicResampler(), StepSchedule.EveryStep, 1.0);
            var reward = new LinearReward(Mixtures.TwoDReward);
            results.AddRange(Steer.Run(FkSteering.Create(denoiser, new DdpmSampler(), 30, ParticleLayout.Single(4096), options), reward, 1).Rewards);
            results.AddRange(Steer.Run(FkSteering.Create(denoiser, new DdimSampler(0.5), 30, ParticleLayout.Single(4096), options), reward, 2).Rewards);
            results.AddRange(Steer.Run(FkSteering.Create(denoiser.SampleShape, new ExactMixtureProposal(denoiser), 30, ParticleLayout.Single(4096), options), reward, 3).Rewards);
        }
        var tokens = new CategoricalMixtureDenoiser(new CategoricalMixture([[[0.5, 0.5], [0.2, 0.8], [0.9, 0.1]], [[0.1, 0.9], [0.6, 0.4], [0.3, 0.7]]]));
        var tokenOptions = new FkOptions(FkPotentialKind.Difference, 1.0, new SystematicResampler(), StepSchedule.EveryStep, 1.0);
        results.AddRange(Steer.Run(FkSteering.Create(tokens, 30, ParticleLayout.Single(4096), tokenOptions), new TokenReward([[0, 1], [1, 0], [0, 1]]), 4).Rewards);
        return results.ToArray();
    }
}

[CollectionDefinition(nameof(GarbageCollectionSafetyTests), DisableParallelization = true)]
public sealed class GarbageCollectionSafetyCollection;
