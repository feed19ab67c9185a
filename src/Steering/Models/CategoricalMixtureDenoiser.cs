using Orchestrator.Steering.Schedules;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Steering.Models;

/// <summary>
/// The exact masked-diffusion denoiser of a <see cref="CategoricalMixture"/>: given the unmasked
/// tokens of x_t, the posterior over components is p(k | x_t) ∝ w_k prod_{l unmasked} pi_k,l(x_l),
/// and each masked position's clean token has p(x0_l = v | x_t) = sum_k p(k | x_t) pi_k,l(v).
/// (The per-position marginals are what a trained network predicts too; the sampler draws
/// positions independently from them.) Computed in float64.
/// </summary>
public sealed class CategoricalMixtureDenoiser : IMaskedDenoiser
{
    readonly Tensor logProbabilities;   // [K, L, V]
    readonly Tensor logWeights;         // [K]
    readonly Tensor positionOffsets;    // [L]: l V, where position l's tokens start in a flattened [L, V]

    public CategoricalMixtureDenoiser(CategoricalMixture mixture, MaskingSchedule? schedule = null)
    {
        Mixture = mixture;
        Schedule = schedule ?? MaskingSchedule.Linear;
        SampleShape = [mixture.Length];
        var flat = mixture.Probabilities.SelectMany(c => c.SelectMany(p => p)).Select(p => Math.Log(p)).ToArray();
        logProbabilities = torch.tensor(flat, [mixture.Components, mixture.Length, mixture.Vocabulary], ScalarType.Float64);
        logWeights = torch.tensor(mixture.Weights.Select(p => Math.Log(p)).ToArray(), ScalarType.Float64);
        positionOffsets = torch.tensor(Enumerable.Range(0, mixture.Length).Select(l => (long)l * mixture.Vocabulary).ToArray());
    }

    public CategoricalMixture Mixture { get; }

    public MaskingSchedule Schedule { get; }

    public int Vocabulary => Mixture.Vocabulary;

    public long[] SampleShape { get; }

    public Tensor LogProbabilities(DenoiserInput input)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = input.X;
        long n = tokens.shape[0], k = Mixture.Components, l = Mixture.Length, v = Mixture.Vocabulary;
        var unmasked = tokens.IsNot(this.MaskToken());
        var safeTokens = torch.where(unmasked, tokens, torch.zeros_like(tokens));

        // log pi_k,l(x_l) at every unmasked position, 0 (probability 1) at masked ones: [N, K, L].
        var flatIndex = positionOffsets.unsqueeze(0).Plus(safeTokens);                                          // l V + x_l
        var picked = logProbabilities.view(k, l * v).index_select(1, flatIndex.flatten()).view(k, n, l).transpose(0, 1);
        var evidence = torch.where(unmasked.unsqueeze(1).expand(n, k, l), picked, torch.zeros_like(picked)).sum(dim: 2);
        var logPosterior = evidence.Plus(logWeights.unsqueeze(0)).log_softmax(1);                          // [N, K]
        var logMarginals = logPosterior.view(n, k, 1, 1).Plus(logProbabilities.unsqueeze(0)).logsumexp(1);  // [N, L, V]
        return logMarginals.MoveToOuterDisposeScope();
    }
}
