using System.Runtime.InteropServices;
using TorchSharp;

namespace Orchestrator.Steering.Runtime;

/// <summary>Process-wide settings for libtorch, applied once before the first tensor.</summary>
public static class TorchRuntime
{
    /// <summary>Environment variable that sets the torch thread count when none is given.</summary>
    public const string ThreadsVariable = "STEER_TORCH_THREADS";

    static readonly object Gate = new();
    static bool initialised;

    /// <summary>
    /// Tunes the native allocator and sets the torch thread count (argument, else
    /// STEER_TORCH_THREADS, else 1). One thread is the default because it measures best
    /// for the small batches of this system and never collapses when another process is busy.
    /// Without an argument, a count set before is kept (grains call this; the CLI's --threads sets it first).
    /// </summary>
    public static void Initialise(int? threads = null)
    {
        lock (Gate)
        {
            if (threads is null && initialised) return;
            var count = threads ?? ThreadsFromEnvironment() ?? 1;
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(threads), count, "torch threads must be at least 1");
            if (!initialised) GlibcMalloc.KeepLargeBlocks();
            initialised = true;
            torch.set_num_threads(count);
        }
    }

    static int? ThreadsFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var n) ? n : null;
}

/// <summary>
/// glibc's malloc maps large tensors with mmap and unmaps them on free, so every pass
/// page-faults its buffers afresh (measured 4-10x slower at batch 256+). Disabling mmap and
/// raising the trim threshold keeps freed blocks in the heap for reuse.
/// </summary>
static class GlibcMalloc
{
    const int MTrimThreshold = -1;
    const int MMmapMax = -4;

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int parameter, int value);

    public static void KeepLargeBlocks()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            Mallopt(MMmapMax, 0);
            Mallopt(MTrimThreshold, 1 << 30);
        }
        catch (DllNotFoundException) { } // musl or another libc: keep its defaults
        catch (EntryPointNotFoundException) { }
    }
}
