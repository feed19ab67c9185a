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

    /// <summary>A duration for a progress line: "0.4 s", "12 s", "3 min 05 s", "2 h 07 min"; "?" for an unknown one.</summary>
    public static string Format(TimeSpan? duration)
    {
        if (duration is not { } d) return "?";
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        if (Math.Round(d.TotalSeconds, 1) < 10) return string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s");
        if (d.TotalSeconds < 60) return string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalSeconds} s");
        if (d.TotalHours < 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes} min {d.Seconds:00} s");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours} h {d.Minutes:00} min");
    }
}
