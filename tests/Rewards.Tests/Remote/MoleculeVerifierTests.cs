using Orchestrator.Rewards.Remote;
using Orchestrator.Rewards.Tests.Support;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.Tests.Remote;

/// <summary>The Node molecule verifier, reached through <see cref="RemoteReward"/> like any other service.</summary>
[Collection(MoleculeVerifierCollection.Name)]
public class MoleculeVerifierTests(MoleculeVerifierService service)
{
    static readonly HttpClient Http = new();

    /// <summary>One token per character; token 0 is the pad and decodes to "".</summary>
    static readonly string[] Characters = ["", "C", "O", "N", "c", "1", "(", ")", "="];

    RemoteReward Molecules(string property, string? invalidScore = null, IReadOnlyList<string>? vocabulary = null)
    {
        var options = new Dictionary<string, string> { ["property"] = property };
        if (invalidScore is not null) options["invalidScore"] = invalidScore;
        return new RemoteReward(new RemoteRewardOptions
        {
            Endpoint = service.Endpoint,
            Name = $"molecule-{property}",
            Options = options,
            Vocabulary = vocabulary ?? Characters,
        }, Http);
    }

    /// <summary>SMILES strings as rows of character tokens, padded to the longest.</summary>
    static SampleBatch Smiles(params string[] smiles)
    {
        var length = Math.Max(1, smiles.Max(s => s.Length));
        var tokens = new long[smiles.Length * length];
        for (int i = 0; i < smiles.Length; i++)
            for (int j = 0; j < smiles[i].Length; j++)
                tokens[i * length + j] = Array.IndexOf(Characters, smiles[i][j].ToString());
        return SampleBatch.Discrete(smiles.Length, [length], tokens);
    }

    [Fact]
    public async Task Valid_SMILES_score_1_and_invalid_ones_0()
    {
        var scores = await Molecules("validity").ScoreAsync(Smiles("CCO", "c1ccccc1", "C1CC", "((", ""), default);
        Assert.Equal([1.0, 1, 0, 0, 0], scores);
    }

    [Fact]
    public async Task Ethanol_has_the_Crippen_logP_and_invalid_SMILES_cannot_be_judged()
    {
        var scores = await Molecules("logp").ScoreAsync(Smiles("CCO", "C1CC"), default);
        Assert.InRange(scores[0], -0.0014 - 0.01, -0.0014 + 0.01);
        Assert.True(double.IsNaN(scores[1]));
    }

    [Fact]
    public async Task Invalid_SMILES_take_the_invalid_score_when_one_is_given()
    {
        var scores = await Molecules("tpsa", invalidScore: "-10").ScoreAsync(Smiles("CCO", "(("), default);
        Assert.InRange(scores[0], 20.23 - 0.01, 20.23 + 0.01);
        Assert.Equal(-10, scores[1]);
    }

    /// <summary>Multi-character tokens and pads anywhere: a row is its tokens' texts concatenated.</summary>
    [Fact]
    public async Task Token_batches_decode_by_concatenating_the_vocabulary_texts()
    {
        string[] vocabulary = ["", "CC", "O", "c1ccccc1"];
        var batch = SampleBatch.Discrete(3, [3], [1, 2, 0, 1, 0, 2, 3, 0, 0]);

        var scores = await Molecules("weight", vocabulary: vocabulary).ScoreAsync(batch, default);

        Assert.Equal([46.07, 46.07, 78.11], scores.Select(s => Math.Round(s, 2)));
    }

    [Fact]
    public async Task Continuous_batches_are_refused_as_unprocessable_and_not_retried()
    {
        var remote = Molecules("validity");
        var error = await Assert.ThrowsAsync<RewardException>(async () => await remote.ScoreAsync(SampleBatch.Continuous(1, [2], [0f, 1f]), default));
        Assert.Contains("answered 422 Unprocessable Entity: the molecule verifier scores token sequences (dtype int64), not \"float32\"; not retried", error.Message);
        Assert.Equal(1, remote.Attempts);
    }

    [Fact]
    public async Task An_unknown_property_is_a_bad_request()
    {
        var error = await Assert.ThrowsAsync<RewardException>(async () => await Molecules("colour").ScoreAsync(Smiles("CCO"), default));
        Assert.Contains("answered 400 Bad Request: options.property must be one of validity, logp, tpsa, weight; got \"colour\"", error.Message);
    }
}
