using System.Globalization;
using System.Text.RegularExpressions;
using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>The progress display, as the real steer process shows it: plain lines when stderr is redirected, a line redrawn in place on a terminal, nothing with --quiet.</summary>
public class ProgressDisplayTests
{
    const int Steps = 40;

    /// <summary>A duration as the display writes it, in seconds: "0.4 s", "12 s", "3 min 05 s".</summary>
    const string Duration = @"(\d+\.\d s|\d+ s|\d+ min \d\d s|\d+ h \d\d min)";

    static readonly Regex Line = new(
        $@"^step (?<done>\d+)/(?<total>\d+)  ESS (?<ess>\d+\.\d)  mean reward -?\d+\.\d{{4}}  best -?\d+\.\d{{4}}(  resampled (?<resampled>\d+)x)?  elapsed (?<elapsed>{Duration})  ETA (?<eta>{Duration})$");

    static double Seconds(string text)
    {
        var parts = text.Split(' ');
        return parts switch
        {
            [var s, "s"] => double.Parse(s, CultureInfo.InvariantCulture),
            [var m, "min", var s, "s"] => 60 * double.Parse(m, CultureInfo.InvariantCulture) + double.Parse(s, CultureInfo.InvariantCulture),
            [var h, "h", var m, "min"] => 3600 * double.Parse(h, CultureInfo.InvariantCulture) + 60 * double.Parse(m, CultureInfo.InvariantCulture),
            _ => throw new FormatException(text),
        };
    }

    static async Task<(SteerOutcome Outcome, ResultFile Result)> RunAsync(TempDirectory dir, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var spec = dir.Write("spec.json", JobSpecs.Spec("fk", particles: 128, steps: Steps, seed: 4, lambda: 3));
        var outcome = await Steer.RunAsync(dir.Path, environment, ["run", spec, "--out", dir.File("out"), .. extra]);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return (outcome, new ResultFile(dir.File("out/result.json")));
    }

    [Fact]
    public async Task Redirected_PlainLines_AboutEveryTenthAndTheLast_EachWithEssRewardElapsedAndEta()
    {
        using var dir = new TempDirectory();
        var (outcome, result) = await RunAsync(dir, new Dictionary<string, string>());

        var lines = outcome.Stderr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("step ", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain('\r', outcome.Stderr.Replace("\r\n", "\n"));
        Assert.All(lines, l => Assert.True(Line.IsMatch(l), $"not a progress line: '{l}'"));
        var matches = lines.Select(l => Line.Match(l)).ToArray();
        var done = matches.Select(m => int.Parse(m.Groups["done"].Value, CultureInfo.InvariantCulture)).ToArray();

        // About every tenth of the steps: the first, one per tenth, and the last; in order.
        Assert.InRange(lines.Length, 10, 12);
        Assert.Equal(1, done[0]);
        Assert.Equal(Steps, done[^1]);
        Assert.Equal(done.Order(), done);
        Assert.All(matches, m => Assert.Equal(Steps.ToString(CultureInfo.InvariantCulture), m.Groups["total"].Value));

        // Each line's ESS is the trace's at that step, and the resampling count is the trace's so far.
        foreach (var (m, d) in matches.Zip(done))
        {
            Assert.Equal(result.Trace[d - 1].Ess, double.Parse(m.Groups["ess"].Value, CultureInfo.InvariantCulture), 0.051);
            var resampled = m.Groups["resampled"].Success ? int.Parse(m.Groups["resampled"].Value, CultureInfo.InvariantCulture) : 0;
            Assert.Equal(result.Trace.Take(d).Count(t => t.Resampled), resampled);
        }

        // ETA = elapsed / done x steps left (within the rounding of the printed numbers); 0 at the end.
        foreach (var (m, d) in matches.Zip(done))
        {
            double elapsed = Seconds(m.Groups["elapsed"].Value), eta = Seconds(m.Groups["eta"].Value);
            var expected = elapsed / d * (Steps - d);
            // Elapsed is printed to 0.05 s (under 10 s); the ETA to 0.05 s under 10 s, else to whole seconds.
            var rounding = 0.05 * (Steps - d) / d + (eta >= 10 ? 0.5 : 0.05) + 0.01;
            Assert.True(Math.Abs(eta - expected) <= rounding, $"step {d}: elapsed {elapsed} s, ETA {eta} s, expected {expected:F2} s");
        }
        Assert.Equal("0.0 s", matches[^1].Groups["eta"].Value);
    }

    [Fact]
    public async Task Quiet_ShowsNoProgress_ButStillWritesAndSummarises()
    {
        using var dir = new TempDirectory();
        var (outcome, _) = await RunAsync(dir, new Dictionary<string, string>(), "--quiet");

        Assert.Equal("", outcome.Stderr);
        Assert.Contains("final ESS", outcome.Stdout);
    }

    /// <summary>On a terminal: one line redrawn in place (carriage return, the text, clear to the end of the line), ended by one newline.</summary>
    [Fact]
    public async Task Live_RedrawsOneLineInPlace_AndEndsItWithANewline()
    {
        using var dir = new TempDirectory();
        var (outcome, _) = await RunAsync(dir, new Dictionary<string, string> { ["STEER_PROGRESS"] = "live" });

        var frames = outcome.Stderr.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(frames.Length >= 2, outcome.ToString());
        Assert.All(frames[..^1], f => Assert.EndsWith("\u001b[K", f));
        Assert.Equal(1, outcome.Stderr.Count(c => c == '\n'));
        var last = frames[^1];
        Assert.EndsWith("\u001b[K\n", last);
        Assert.True(Line.IsMatch(last[..^"\u001b[K\n".Length]), $"last frame: '{last}'");
        Assert.StartsWith($"step {Steps}/{Steps}", last);
    }
}
