using System.Net;
using System.Text;

namespace Orchestrator.Rewards.Remote;

/// <summary>One HTTP attempt that went wrong; the message completes "remote verifier 'x' at url ...".</summary>
sealed class AttemptFailure(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    const int MaxBodyText = 300;

    public bool IsTransient { get; } = isTransient;

    public static AttemptFailure Unreachable(Exception e) => new($"could not be reached: {e.Message}", true, e);

    public static AttemptFailure BrokenAnswer(Exception e) => new($"broke off its answer: {e.Message}", true, e);

    public static AttemptFailure ClientTimeout(TimeSpan timeout) =>
        new($"timed out after the HttpClient's own timeout of {Durations.Text(timeout)}", true);

    public static AttemptFailure Status(HttpStatusCode status, string? reason, byte[] body)
    {
        var text = BodyText(body);
        var message = $"answered {(int)status} {reason ?? status.ToString()}{(text.Length > 0 ? $": {text}" : "")}";
        return new(message, TransientFailures.IsTransient(status));
    }

    public static AttemptFailure Malformed(int length, Exception e) =>
        new($"returned a malformed body ({length} bytes): {e.Message}", false, e);

    /// <summary>An error body as one short line of text, for the message.</summary>
    static string BodyText(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxBodyText * 4));
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length > MaxBodyText ? line[..MaxBodyText] + "..." : line;
    }
}
