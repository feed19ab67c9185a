using System.Globalization;

namespace Orchestrator.Rewards.Remote;

/// <summary>Durations as people write them in messages: "200 ms", "10 s", "1.5 s".</summary>
static class Durations
{
    public static string Text(TimeSpan duration) => duration.TotalSeconds < 1
        ? $"{duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms"
        : $"{duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
