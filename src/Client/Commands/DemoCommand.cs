using System.CommandLine;
using Orchestrator.Contracts.Results;
using Orchestrator.Contracts.Specs;
using Orchestrator.Jobs;
using Orchestrator.Models.Loading;
using Orchestrator.Models.Training;
using Orchestrator.Pictures;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>
/// `steer demo`: FK steering of the shipped `digits` model toward a class, scored by digits-classifier,
/// next to unsteered samples of the same model; both grids are written as PNGs and judged by
/// digits-heldout-classifier, which never steers.
/// </summary>
static class DemoCommand
{
    const int Steps = 100;

    public static Command Create()
    {
        var digit = new Option<int>("--class") { Description = "The digit to steer toward (0-9).", DefaultValueFactory = _ => 7 };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Where to write unsteered.png, steered.png and the FK job's result.json and pictures.", DefaultValueFactory = _ => new DirectoryInfo("demo-output") };
        var particles = new Option<int>("--particles") { Description = "Particles per run (16 or more).", DefaultValueFactory = _ => 256 };
        var lambda = new Option<double>("--lambda") { Description = "Strength of the tilt exp(lambda log p(class | x)).", DefaultValueFactory = _ => 4 };
        var seed = new Option<long>("--seed") { Description = "Seed of both runs.", DefaultValueFactory = _ => 7 };
        var command = new Command("demo", "Steer the digits model toward a class with FK steering and compare with unsteered samples.")
        {
            digit, output, particles, lambda, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(digit) is < 0 or > 9 || parse.GetValue(particles) is < 16 or > 65536)
            {
                Output.Error("steer: --class must be a digit (0 to 9) and --particles between 16 and 65536");
                return ExitCodes.InvalidInput;
            }
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            return await JobFailures.ReportAsync("the demo", () => RunAsync(parse.GetValue(digit), parse.GetValue(particles), parse.GetValue(lambda), parse.GetValue(seed), parse.GetValue(output)!, cancellationToken));
        });
        return command;
    }

    static JobSpec Spec(MethodSpec method, int digit, long seed) => new()
    {
        Model = new ModelSpec { Name = "digits" },
        Sampler = new SamplerSpec { Kind = SpecNames.Ddpm, Steps = Steps },
        Method = method,
        Reward = new RewardSpec { Kind = SpecNames.Classifier, Model = "digits-classifier", Label = digit },
        Seed = seed,
    };

    static async Task<int> RunAsync(int digit, int particles, double lambda, long seed, DirectoryInfo output, CancellationToken cancellationToken)
    {
        var unsteeredSpec = Spec(new MethodSpec { Kind = SpecNames.BestOfN, Particles = particles, Lambda = 0 }, digit, seed);
        var steeredSpec = Spec(new MethodSpec { Kind = SpecNames.Fk, Particles = particles, Lambda = lambda, Potential = "difference", Every = 2, Resampler = "systematic" }, digit, seed);
        Output.Line($"Steering the digits model toward a {digit}: FK steering, lambda {lambda}, reward log p({digit} | x0-prediction) under digits-classifier.");
        Output.Line($"{particles} particles x {Steps} DDPM steps per run, seed {seed}. Judged by digits-heldout-classifier (never used to steer).");
        Output.Line();

        var (unsteered, _) = await RunCommand.RunWithProgressAsync(unsteeredSpec, "unsteered", cancellationToken);
        var (steered, timings) = await RunCommand.RunWithProgressAsync(steeredSpec, "FK steering", cancellationToken);
        var judge = ModelLoader.Classifier(ModelResolver.Card("digits-heldout-classifier", "judge"));
        var unsteeredRate = WeightedClassRate(judge, unsteered, digit);
        var steeredRate = WeightedClassRate(judge, steered, digit);

        output.Create();
        var shown = Math.Min(64, particles);
        var files = new Dictionary<string, string>
        {
            ["unsteered"] = Path.Combine(output.FullName, "unsteered.png"),
            ["steered"] = Path.Combine(output.FullName, "steered.png"),
        };
        ImageGrid.Write(files["unsteered"], unsteered.Samples.Take(shown).ToArray(), unsteered.SampleShape);
        ImageGrid.Write(files["steered"], WeightedDraw.Draw(steered.Samples, steered.LogWeights, shown), steered.SampleShape);
        foreach (var (kind, path) in ResultFiles.Write(output, steered, timings)) files[kind] = path;

        Output.Line($"held-out classifier says '{digit}'      unsteered {unsteeredRate,7:P1}    FK steering {steeredRate,7:P1}");
        Output.Line($"mean reward log p({digit} | x)          unsteered {unsteered.Summary.MeanReward,7:F2}    FK steering {steered.Summary.WeightedMeanReward,7:F2}");
        Output.Line($"FK resampled at {steered.Summary.Resamplings} of {Steps} steps, final ESS {steered.Summary.FinalEss:F0} of {particles}; NFE {steered.Nfe.Denoiser:N0} denoiser + {steered.Nfe.Reward:N0} reward rows.");
        Output.Line($"FK run: {timings.WallSeconds:F2} s, {timings.ParticleStepsPerSecond:N0} particle-steps/s.");
        Output.Line($"Wrote {files["unsteered"]}, steered.png, {ResultFiles.ResultName} and pictures.");
        Output.Set("class", digit);
        Output.Set("particles", particles);
        Output.Set("steps", Steps);
        Output.Set("seed", seed);
        Output.Set("unsteered", new { HeldOutClassRate = unsteeredRate, unsteered.Summary.MeanReward });
        Output.Set("steered", new { HeldOutClassRate = steeredRate, steered.Summary.WeightedMeanReward, steered.Summary.Resamplings, steered.Summary.FinalEss, steered.Nfe });
        Output.Set("timings", timings);
        Output.Set("files", files);
        return ExitCodes.Success;
    }

    /// <summary>The weighted share of samples the classifier assigns to <paramref name="digit"/> (plain share when weights are equal).</summary>
    static double WeightedClassRate(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> judge, JobResult result, int digit)
    {
        var batch = SampleBatch.Continuous(result.Samples.Length, result.SampleShape, result.Samples.SelectMany(s => s).ToArray());
        var predicted = ClassRate.Predict(judge, batch);
        return Enumerable.Range(0, predicted.Length).Where(i => predicted[i] == digit).Sum(i => Math.Exp(result.LogWeights[i]));
    }
}
