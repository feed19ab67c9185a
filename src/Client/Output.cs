using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Contracts.Specs;

namespace Orchestrator.Client;

/// <summary>
/// The one way commands print. Text for people goes to stdout (<see cref="Line"/>); notes, problems and progress go to
/// stderr. With <c>--json</c> stdout holds exactly one JSON document instead of the text: the command, its exit code
/// and the fields the command set (<see cref="Set"/>, <see cref="Merge"/>), plus <c>error</c> and, for an invalid
/// spec, <c>errors</c> (field and problem each); stderr is unchanged. <c>--quiet</c> drops notes and progress.
/// A process runs one command, so this is per process: <see cref="CommandLine"/> begins and ends it.
/// </summary>
static class Output
{
    /// <summary>The result format's settings (camelCase, nulls left out, indented), with enums written as camelCase words.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JobSpecJson.Options)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // Read by scripts, not embedded in HTML: quotes and non-ASCII text stay as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static TextWriter stdout = Console.Out;
    static string command = "steer";
    static JsonObject? document;
    static ProgressDisplay? liveLine;

    /// <summary>True under --json: stdout is kept for the document.</summary>
    public static bool Json => document is not null;

    /// <summary>True under --quiet: no notes, no progress.</summary>
    public static bool Quiet { get; private set; }

    /// <summary>
    /// Starts a command's output. Under --json anything written to Console.Out from here on goes to stderr, so nothing
    /// but the document can reach stdout.
    /// </summary>
    public static void Begin(string commandName, bool json, bool quiet)
    {
        stdout = Console.Out;
        command = commandName;
        Quiet = quiet;
        document = json ? new JsonObject() : null;
        if (json) Console.SetOut(Console.Error);
    }

    /// <summary>Ends the command: under --json writes the document, with <paramref name="exitCode"/>, on stdout.</summary>
    public static void End(int exitCode)
    {
        EndLiveLine();
        if (document is null) return;
        var root = new JsonObject { ["command"] = command, ["exitCode"] = exitCode };
        foreach (var (name, value) in document.ToArray())
        {
            document.Remove(name);
            root[name] = value;
        }
        document = null;
        stdout.WriteLine(root.ToJsonString(JsonOptions));
        stdout.Flush();
    }

    /// <summary>A line of the text for people (stdout); under --json it is left out (the document holds the same).</summary>
    public static void Line(string text = "")
    {
        if (document is not null) return;
        EndLiveLine();
        stdout.WriteLine(text);
    }

    /// <summary>Something worth knowing that is not the result (stderr), unless --quiet.</summary>
    public static void Note(string text)
    {
        if (Quiet) return;
        EndLiveLine();
        Console.Error.WriteLine(text);
    }

    /// <summary>
    /// What went wrong, on stderr whatever the options, and as the document's <c>error</c> (without the "steer: " some
    /// messages start with). A later error replaces an earlier one in the document.
    /// </summary>
    public static void Error(string message)
    {
        EndLiveLine();
        Console.Error.WriteLine(message);
        if (document is not null) document["error"] = message.StartsWith("steer: ", StringComparison.Ordinal) ? message["steer: ".Length..] : message;
    }

    /// <summary>An invalid spec: <paramref name="heading"/> then each field at fault on stderr; the document gets both, the fields as <c>errors</c>.</summary>
    public static void Invalid(string heading, IEnumerable<SpecError> errors)
    {
        var list = errors.ToArray();
        Error(heading);
        foreach (var e in list) Console.Error.WriteLine($"  {e}");
        if (document is null) return;
        document["error"] = heading.TrimEnd(':');
        Set("errors", list.Select(e => new { e.Field, e.Problem }).ToArray());
    }

    /// <summary>Sets a field of the document (nothing without --json); <paramref name="value"/> is serialised with <see cref="JsonOptions"/>.</summary>
    public static void Set(string name, object? value)
    {
        if (document is null) return;
        document[name] = value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), JsonOptions);
    }

    /// <summary>Sets every property of <paramref name="value"/> (an object) as a field of the document.</summary>
    public static void Merge(object value)
    {
        if (document is null) return;
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), JsonOptions) as JsonObject
            ?? throw new ArgumentException("only an object's properties can be merged", nameof(value));
        foreach (var (name, field) in node.ToArray())
        {
            node.Remove(name);
            document[name] = field;
        }
    }

    /// <summary>Called by a live progress line while it is drawn, and with null once it has ended its line.</summary>
    internal static void LiveLine(ProgressDisplay? display) => liveLine = display;

    /// <summary>Ends a live progress line still being drawn, so the next text starts on a line of its own.</summary>
    static void EndLiveLine() => liveLine?.EndLine();
}
