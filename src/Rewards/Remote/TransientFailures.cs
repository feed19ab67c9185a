using System.Net;
using Polly.Timeout;

namespace Orchestrator.Rewards.Remote;

/// <summary>
/// Which failures are worth another attempt: the ones a busy or restarting service shows (408, 429, 5xx,
/// a refused or broken connection, a timeout). Any other answer would come back the same, so it is final.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    internal static bool IsTransient(Exception failure) =>
        failure is TimeoutRejectedException || failure is AttemptFailure { IsTransient: true };
}
