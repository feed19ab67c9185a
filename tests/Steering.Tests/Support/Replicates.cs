namespace Orchestrator.Steering.Tests.Support;

/// <summary>
/// Statistics over independent replicate estimates (one per group or seed): their mean and its
/// Monte Carlo standard error, from which every statistical tolerance here is derived.
/// </summary>
static class Replicates
{
    /// <summary>How many standard errors an estimate may stray; with ~20 replicates a Student-t
    /// tail beyond 4.5 has probability ~3e-4, while a wrong weight is off by tens of errors.</summary>
    public const double Z = 4.5;

    public static (double Mean, double StandardError) Summarise(IReadOnlyList<double> estimates)
    {
        var mean = estimates.Average();
        var variance = estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Count - 1);
        return (mean, Math.Sqrt(variance / estimates.Count));
    }

    /// <summary>
    /// Asserts the mean of the replicates is within Z standard errors of <paramref name="truth"/>,
    /// plus <paramref name="bias"/>, a proven bound on a known systematic error (e.g. discretisation).
    /// </summary>
    public static void AssertMatches(string what, IReadOnlyList<double> estimates, double truth, double z = Z, double bias = 0)
    {
        var (mean, se) = Summarise(estimates);
        Assert.True(Math.Abs(mean - truth) <= z * se + bias,
            $"{what}: estimate {mean:F5} vs closed form {truth:F5}, |difference| = {Math.Abs(mean - truth):F5} > {z} x standard error {se:F5} + bias bound {bias:F5} ({estimates.Count} replicates)");
    }

    /// <summary>Asserts the mean of the replicates is NOT within Z standard errors of <paramref name="truth"/>.</summary>
    public static void AssertDiffers(string what, IReadOnlyList<double> estimates, double truth, double z = Z)
    {
        var (mean, se) = Summarise(estimates);
        Assert.True(Math.Abs(mean - truth) > z * se,
            $"{what}: estimate {mean:F5} is within {z} standard errors ({se:F5}) of {truth:F5}, but should be visibly off");
    }
}
