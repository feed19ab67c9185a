using System.Diagnostics;

namespace Orchestrator.Client;

/// <summary>How progress is shown: not at all (--quiet), as plain lines (stderr redirected), or as one line redrawn in place (a terminal).</summary>
enum ProgressMode
{
    Off,
    Lines,
    Live,
}

/// <summary>
/// Progress of long work on stderr, "step 7/20  DETAILS  elapsed 1.2 s  ETA 2.1 s": on a terminal one line redrawn in
/// place (at most ten times a second, and at the end), else plain lines about every tenth of the work and at its end.
/// The ETA is the average time per unit so far times the units left (<see cref="Eta"/>), timed from construction.
/// STEER_PROGRESS=live|lines|off overrides the choice (--quiet still wins).
/// </summary>
sealed class ProgressDisplay : IDisposable
{
    static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);

    readonly int total;
    readonly string unit;
    readonly string? label;
    readonly ProgressMode mode;
    readonly TextWriter writer;
    readonly long started = Stopwatch.GetTimestamp();
    int lastTenth = -1;
    int lastDone = -1;
    TimeSpan lastDrawn;
    bool drawn;

    /// <summary>Progress over <paramref name="total"/> units named <paramref name="unit"/>, each line prefixed by <paramref name="label"/> if given.</summary>
    public ProgressDisplay(int total, string unit = "step", string? label = null)
        : this(total, unit, label, ChooseMode(), Console.Error)
    {
    }

    public ProgressDisplay(int total, string unit, string? label, ProgressMode mode, TextWriter writer)
    {
        this.total = total;
        this.unit = unit;
        this.label = label;
        this.mode = mode;
        this.writer = writer;
    }

    /// <summary>Off under --quiet; else STEER_PROGRESS if set; else live on a terminal and lines when stderr is redirected.</summary>
    public static ProgressMode ChooseMode()
    {
        if (Output.Quiet) return ProgressMode.Off;
        return Environment.GetEnvironmentVariable("STEER_PROGRESS")?.Trim().ToLowerInvariant() switch
        {
            "live" => ProgressMode.Live,
            "lines" => ProgressMode.Lines,
            "off" => ProgressMode.Off,
            _ => Console.IsErrorRedirected ? ProgressMode.Lines : ProgressMode.Live,
        };
    }

    /// <summary><paramref name="done"/> of the units are done; <paramref name="details"/> describes the latest.</summary>
    public void Report(int done, string details)
    {
        if (mode == ProgressMode.Off || done == lastDone) return;
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (mode == ProgressMode.Lines)
        {
            var tenth = total > 0 ? (int)(10L * done / total) : done;
            if (tenth == lastTenth && done < total) return;
            lastTenth = tenth;
            lastDone = done;
            writer.WriteLine(Text(done, details, elapsed));
            return;
        }
        if (drawn && done < total && elapsed - lastDrawn < RedrawEvery) return;
        lastDrawn = elapsed;
        lastDone = done;
        // Back to the start of the line, the new text, then clear what is left of a longer previous one.
        writer.Write("\r" + Fit(Text(done, details, elapsed)) + "\u001b[K");
        writer.Flush();
        drawn = true;
        Output.LiveLine(this);
        if (done >= total) EndLine();
    }

    /// <summary>The text of a progress line.</summary>
    public string Text(int done, string details, TimeSpan elapsed)
    {
        var prefix = label is null ? "" : label + ": ";
        var middle = details.Length > 0 ? "  " + details : "";
        return $"{prefix}{unit} {done}/{total}{middle}  elapsed {Eta.Format(elapsed)}  ETA {Eta.Format(Eta.Remaining(done, total, elapsed))}";
    }

    /// <summary>Ends a live line being drawn (a newline), so what follows starts on a line of its own.</summary>
    public void EndLine()
    {
        if (!drawn) return;
        drawn = false;
        writer.WriteLine();
        writer.Flush();
        Output.LiveLine(null);
    }

    public void Dispose() => EndLine();

    /// <summary>The text cut to the terminal's width, so redrawing never wraps onto a second line.</summary>
    static string Fit(string text)
    {
        if (Console.IsErrorRedirected) return text;
        int width;
        try
        {
            width = Console.WindowWidth;
        }
        catch (IOException)
        {
            return text;
        }
        return width > 1 && text.Length >= width ? text[..(width - 1)] : text;
    }
}
