using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Models;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Resampling;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Samplers;
using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tests.Support;

namespace Orchestrator.Steering.Tests.Methods;

/// <summary>Every method reports exactly the denoiser and reward rows that the model and the verifier saw.</summary>
public class NfeAccountingTests
{
    static readonly GaussianMixtureDenoiser TwoD = new(Mixtures.TwoD, new LinearVpSchedule());
    static readonly FkOptions Fk = new(FkPotentialKind.Difference, 1, new SystematicResampler(), new StepSchedule(3, 0, 9), 0.5);

    public static TheoryData<string> Methods() => ["fk", "best-of-n", "svdd-pm", "fkc-product", "fk-masked", "svdd-masked"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Reported_NFE_equals_what_the_model_and_verifier_counted(string name)
    {
        var denoiser = new CountingDenoiser(TwoD);
        var second = new CountingDenoiser(TwoD);
        var tokens = new CountingMaskedDenoiser(new CategoricalMixtureDenoiser(new CategoricalMixture([[[0.3, 0.7], [0.5, 0.5]]])));
        var layout = ParticleLayout.Groups(2, 24);
        var method = name switch
        {
            "fk" => FkSteering.Create(denoiser, new DdpmSampler(), 12, layout, Fk),
            "best-of-n" => BestOfN.Create(denoiser, new DdimSampler(0), 12, layout, 1),
            "svdd-pm" => Svdd.Create(denoiser, new DdimSampler(1), 12, layout, 3, 0.5),
            "fkc-product" => FeynmanKacCorrectors.Create([new FkcTerm(denoiser, 1), new FkcTerm(second, 1)], 12, layout),
            "svdd-masked" => Svdd.Create(tokens, 12, layout, 3, 0.5),
            _ => FkSteering.Create(tokens, 12, layout, Fk),
        };
        IReward inner = name.EndsWith("masked") ? new TokenReward([[0, 1], [1, 0]]) : new LinearReward(Mixtures.TwoDReward);
        var reward = new CountingReward(inner);

        var result = Steer.Run(method, reward, seed: 61);

        Assert.Equal(denoiser.Rows + second.Rows + tokens.Rows, result.Nfe.Denoiser);
        Assert.Equal(reward.Rows, result.Nfe.Reward);
        Assert.True(result.Nfe.Denoiser >= 48L * 12, $"{name}: at least one denoiser call per particle per step");
    }
}
