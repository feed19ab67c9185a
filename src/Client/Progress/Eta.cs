using System.Globalization;

namespace Orchestrator.Client;

/// <summary>
/// Time left, from the average time per unit (step, run, iteration) so far: elapsed / done x (total - done). Plain
/// arithmetic on purpose, so it can be tested alone (tests/Client.Tests compiles this file in).
/// </summary>
static class Eta
{
    /// <summary>The time left after <paramref name="done"/> of <paramref name="total"/> units took <paramref name="elapsed"/>; null before the first unit is done.</summary>
    public static TimeSpan? Remaining(int done, int total, TimeSpan elapsed)
    {
        if (done <= 0 || total <= 0) return null;
        if (done >= total) return TimeSpan.Zero;
        return TimeSpan.FromTicks((long)Math.Round(elapsed.Ticks / (double)done * (total - done)));
    }

    /// <summary>A duration for a progress line, rounded: "0.4 s", "12 s", "3 min 05 s", "2 h 07 min"; "?" for an unknown one.</summary>
    public static string Format(TimeSpan? duration)
    {
        if (duration is not { } d) return "?";
        var tenths = Math.Round(Math.Max(0, d.TotalSeconds), 1);
        if (tenths < 10) return string.Create(CultureInfo.InvariantCulture, $"{tenths:0.0} s");
        var whole = (long)Math.Round(d.TotalSeconds);
        if (whole < 60) return string.Create(CultureInfo.InvariantCulture, $"{whole} s");
        if (whole < 3600) return string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min {whole % 60:00} s");
        return string.Create(CultureInfo.InvariantCulture, $"{whole / 3600} h {whole % 3600 / 60:00} min");
    }
}
