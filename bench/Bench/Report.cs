using System.Runtime.InteropServices;

namespace Orchestrator.Bench;

/// <summary>The report's frame: when and on what machine it was measured, then each section.</summary>
static class Report
{
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores ({CpuModel()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public static string Compose(IEnumerable<string> sections) =>
        $"# Benchmark report\n\nMeasured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `dotnet run --project bench/Bench -c Release` on {Machine()}, CPU only, one torch thread per process.\n\n"
        + string.Join("\n", sections);

    static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
