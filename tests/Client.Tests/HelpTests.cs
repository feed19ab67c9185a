using System.Text.RegularExpressions;
using Orchestrator.Client.Tests.Support;

namespace Orchestrator.Client.Tests;

/// <summary>`steer --help` and each command's help, read as a user reads them: every command, argument and option has a description.</summary>
public class HelpTests
{
    /// <summary>An entry of the Arguments, Options or Commands section: two spaces, the name, two or more spaces, the description.</summary>
    static readonly Regex Entry = new(@"^  (?<name>\S.*?)(\s{2,}(?<description>\S.*))?$");

    /// <summary>The help text's sections by heading ("Description", "Usage", "Arguments", "Options", "Commands"), each a list of its lines.</summary>
    static Dictionary<string, List<string>> Sections(string help)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var raw in help.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.Length == 0) continue;
            if (!line.StartsWith(' ') && line.EndsWith(':')) sections[line[..^1]] = current = [];
            else current?.Add(line);
        }
        return sections;
    }

    [Fact]
    public async Task EveryCommandArgumentAndOption_HasADescription()
    {
        using var dir = new TempDirectory();
        var missing = new List<string>();
        var visited = new List<string>();
        var pending = new Queue<string[]>([[]]);
        while (pending.TryDequeue(out var path))
        {
            var outcome = await Steer.RunAsync(dir.Path, [.. path, "--help"]);
            var where = path.Length == 0 ? "steer" : "steer " + string.Join(' ', path);
            Assert.True(outcome.ExitCode == 0, $"{where} --help: {outcome}");
            visited.Add(where);
            var sections = Sections(outcome.Stdout);
            if (!sections.TryGetValue("Description", out var description) || description.All(string.IsNullOrWhiteSpace))
                missing.Add($"{where}: no description");
            foreach (var heading in new[] { "Arguments", "Options", "Commands" })
            {
                if (!sections.TryGetValue(heading, out var lines)) continue;
                foreach (var line in lines)
                {
                    // Deeper indented lines continue the description above them.
                    if (line.StartsWith("   ", StringComparison.Ordinal)) continue;
                    var entry = Entry.Match(line);
                    Assert.True(entry.Success, $"{where}: unreadable help line '{line}'");
                    if (!entry.Groups["description"].Success) missing.Add($"{where}: {heading.ToLowerInvariant()} entry '{entry.Groups["name"].Value}' has no description");
                    if (heading == "Commands") pending.Enqueue([.. path, entry.Groups["name"].Value.Split(' ')[0]]);
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        // The walk reached every command (and found no help it could not read).
        foreach (var command in new[] { "run", "validate", "demo", "compare", "train-value", "train", "submit", "status", "result", "cancel" })
            Assert.Contains($"steer {command}", visited);
    }

    [Fact]
    public async Task RootHelp_ListsTheExitCodes()
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, "--help");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var description = string.Join('\n', Sections(outcome.Stdout)["Description"]);
        Assert.Contains("Exit codes:", description);
        Assert.Matches(@"\n\s+0\s+success", description);
        Assert.Matches(@"\n\s+1\s+the job failed", description);
        Assert.Matches(@"\n\s+2\s+invalid input", description);
        Assert.Matches(@"\n\s+130\s+cancelled", description);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    [InlineData("status")]
    public async Task CommandHelp_OffersJsonAndQuiet(string command)
    {
        using var dir = new TempDirectory();
        var outcome = await Steer.RunAsync(dir.Path, command, "--help");

        var options = Sections(outcome.Stdout)["Options"];
        Assert.Contains(options, l => l.TrimStart().StartsWith("--json", StringComparison.Ordinal));
        Assert.Contains(options, l => l.TrimStart().StartsWith("-q, --quiet", StringComparison.Ordinal));
    }
}
