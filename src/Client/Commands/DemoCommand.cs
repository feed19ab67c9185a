using System.CommandLine;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>
/// `steer demo`: FK steering of a 2-D Gaussian mixture toward a linear reward, next to the
/// unsteered model and best-of-N at the same compute, against the closed-form target.
/// </summary>
static class DemoCommand
{
    static readonly double[][] Means = [[-2, -1], [2, -1], [0, 2]];
    static readonly double[] Stds = [0.4, 0.5, 0.3];
    static readonly double[] Weights = [0.5, 0.3, 0.2];
    static readonly double[] RewardWeights = [1, 0.5];
    const double Lambda = 1.0;

    public static Command Create()
    {
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Also write the FK job's result.json here." };
        var particles = new Option<int>("--particles") { Description = "Particles per method.", DefaultValueFactory = _ => 1024 };
        var seed = new Option<long>("--seed") { Description = "Seed of every run.", DefaultValueFactory = _ => 7 };
        var command = new Command("demo", "Steer a 2-D Gaussian mixture with FK steering and compare with best-of-N and the exact target.")
        {
            output, particles, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            return await RunAsync(parse.GetValue(particles), parse.GetValue(seed), parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    static JobSpec Spec(string method, int particles, long seed, double lambda) => new()
    {
        Model = new ModelSpec { Kind = SpecNames.GaussianMixture, Means = Means, Stds = Stds, Weights = Weights },
        Sampler = new SamplerSpec { Kind = SpecNames.Ddpm, Steps = 100, Schedule = "cosine" },
        Method = method == SpecNames.Fk
            ? new MethodSpec { Kind = method, Particles = particles, Lambda = lambda, Potential = "difference", Every = 5, Resampler = "systematic" }
            : new MethodSpec { Kind = method, Particles = particles, Lambda = lambda },
        Reward = new RewardSpec { Kind = SpecNames.Linear, Weights = RewardWeights },
        Seed = seed,
    };

    static async Task<int> RunAsync(int particles, long seed, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        var spec = JobSpecValidator.Validate(Spec(SpecNames.Fk, particles, seed, Lambda));
        if (spec.Count > 0)
        {
            foreach (var error in spec) Console.Error.WriteLine(error);
            return ExitCodes.InvalidInput;
        }
        Console.WriteLine($"Steering a 2-D Gaussian mixture toward r(x, y) = x + 0.5 y with lambda = {Lambda}.");
        Console.WriteLine($"Target: p(x) exp(lambda r(x)). {particles} particles x 100 DDPM steps (cosine schedule) per method, seed {seed}.");
        Console.WriteLine();

        var (unsteered, _) = await EmbeddedRunner.RunAsync(Spec(SpecNames.BestOfN, particles, seed, 0), cancellationToken: cancellationToken);
        var (bestOfN, _) = await EmbeddedRunner.RunAsync(Spec(SpecNames.BestOfN, particles, seed, Lambda), cancellationToken: cancellationToken);
        var (fk, timings) = await EmbeddedRunner.RunAsync(Spec(SpecNames.Fk, particles, seed, Lambda), cancellationToken: cancellationToken);

        var mixture = new GaussianMixture(Means, Stds, Weights);
        var target = mixture.TiltedLinear(RewardWeights, Lambda);
        Console.WriteLine("share of samples per mode      unsteered   FK steering   target (closed form)");
        for (int k = 0; k < mixture.Components; k++)
        {
            var name = $"mode at ({Means[k][0]:+0;-0}, {Means[k][1]:+0;-0})";
            Console.WriteLine($"  {name,-28} {Share(unsteered, mixture, k, weighted: false),9:P1} {Share(fk, target, k, weighted: true),13:P1} {target.Weights[k],22:P1}");
        }
        Console.WriteLine();
        var targetMean = target.Mean().Zip(RewardWeights, (m, w) => m * w).Sum();
        Console.WriteLine("mean reward of the samples     unsteered   best-of-N     FK steering   target");
        Console.WriteLine($"  {"",-28} {unsteered.Summary.MeanReward,9:F3} {bestOfN.Summary.WeightedMeanReward,11:F3} {fk.Summary.WeightedMeanReward,13:F3} {targetMean,8:F3}");
        Console.WriteLine($"  effective sample size       {"",9} {bestOfN.Summary.FinalEss,11:F0} {fk.Summary.FinalEss,13:F0}");
        Console.WriteLine();
        Console.WriteLine($"FK steering resampled at {fk.Summary.Resamplings} of {fk.Trace.Count} steps; NFE {fk.Nfe.Denoiser} denoiser + {fk.Nfe.Reward} reward evaluations");
        Console.WriteLine($"(best-of-N used the same {bestOfN.Nfe.Denoiser} denoiser evaluations and {bestOfN.Nfe.Reward} reward evaluations).");
        Console.WriteLine($"FK run: {timings.WallSeconds:F2} s, {timings.ParticleStepsPerSecond:N0} particle-steps/s.");
        if (output is not null)
        {
            ResultFiles.Write(output, fk, timings);
            Console.WriteLine($"Wrote {Path.Combine(output.FullName, ResultFiles.ResultName)}.");
        }
        return ExitCodes.Success;
    }

    /// <summary>The (weighted) share of particles nearest to mode k of <paramref name="mixture"/>.</summary>
    static double Share(JobResult result, GaussianMixture mixture, int k, bool weighted)
    {
        var total = 0.0;
        for (int i = 0; i < result.Samples.Length; i++)
            if (mixture.NearestComponent(result.Samples[i]) == k)
                total += weighted ? Math.Exp(result.LogWeights[i]) : 1.0 / result.Samples.Length;
        return total;
    }
}
