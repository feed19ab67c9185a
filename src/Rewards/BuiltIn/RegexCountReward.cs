using System.Text.RegularExpressions;
using Orchestrator.Steering.Methods;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.BuiltIn;

/// <summary>
/// r(x) = the number of non-overlapping matches of a regular expression in the decoded text. The
/// pattern comes from a job spec, so matching has a time limit: a pattern that backtracks without
/// end stops the job with a <see cref="RewardException"/> instead of hanging it.
/// </summary>
public sealed class RegexCountReward : IReward
{
    /// <summary>How long one match may take unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    readonly Regex regex;
    readonly string[] vocabulary;

    /// <param name="pattern">A .NET regular expression, matched culture-invariantly.</param>
    /// <param name="vocabulary">Token id i decodes to vocabulary[i].</param>
    /// <param name="timeout">The limit for one match; <see cref="DefaultTimeout"/> if null.</param>
    public RegexCountReward(string pattern, IReadOnlyList<string> vocabulary, TimeSpan? timeout = null)
    {
        Pattern = pattern;
        this.vocabulary = Vocabulary.Copy(vocabulary, Name);
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, timeout ?? DefaultTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the {Name} reward's pattern is not a valid regular expression: {e.Message}", nameof(pattern), e);
        }
    }

    public string Pattern { get; }

    public string Name => $"regex-count({Pattern})";

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        var texts = Vocabulary.Decode(batch, vocabulary, Name);
        var scores = new double[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                scores[i] = regex.Count(texts[i]);
            }
            catch (RegexMatchTimeoutException)
            {
                throw new RewardException($"reward '{Name}' gave up matching row {i} ({texts[i].Length} characters) after {regex.MatchTimeout.TotalSeconds:g} s: the pattern backtracks too much");
            }
        }
        return ValueTask.FromResult(scores);
    }
}
