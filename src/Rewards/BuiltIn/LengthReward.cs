using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.BuiltIn;

/// <summary>
/// r(x) = the number of characters in the decoded text. With tokens of different lengths (including
/// empty ones, such as padding) this steers towards longer or, with a negative weight, shorter text.
/// </summary>
public sealed class LengthReward(IReadOnlyList<string> vocabulary) : IReward
{
    readonly string[] vocabulary = Vocabulary.Copy(vocabulary, "length");

    public string Name => "length";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Vocabulary.Decode(batch, vocabulary, Name).Select(text => (double)text.Length).ToArray());
}
