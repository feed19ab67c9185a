using System.Text;
using Orchestrator.Steering.Population;

namespace Orchestrator.Rewards.BuiltIn;

/// <summary>Turns token rows back into text: token id i is <c>vocabulary[i]</c>, and a row's text is its tokens' texts joined.</summary>
static class Vocabulary
{
    /// <summary>A private copy, refused if empty: a reward must not change meaning when the caller's list does.</summary>
    public static string[] Copy(IReadOnlyList<string> vocabulary, string reward) =>
        vocabulary.Count > 0 ? vocabulary.ToArray() : throw new ArgumentException($"the {reward} reward needs a vocabulary of at least one token", nameof(vocabulary));

    /// <summary>The text of every row of a token batch; a token id outside the vocabulary (such as the mask token) is an ArgumentException.</summary>
    public static string[] Decode(SampleBatch batch, string[] vocabulary, string reward)
    {
        var tokens = batch.Tokens ?? throw new ArgumentException($"the {reward} reward scores token sequences, not continuous samples");
        var texts = new string[batch.Rows];
        var text = new StringBuilder();
        for (int i = 0; i < batch.Rows; i++)
        {
            text.Clear();
            for (int position = 0; position < batch.RowSize; position++)
            {
                var token = tokens[i * batch.RowSize + position];
                if (token < 0 || token >= vocabulary.Length)
                    throw new ArgumentException(
                        $"the {reward} reward cannot decode token id {token} (row {i}, position {position}): the vocabulary has ids 0..{vocabulary.Length - 1}" +
                        (token == vocabulary.Length ? $"; {token} is the mask token, so the row is not fully unmasked" : ""));
                text.Append(vocabulary[(int)token]);
            }
            texts[i] = text.ToString();
        }
        return texts;
    }
}
