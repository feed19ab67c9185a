using TorchSharp;

namespace Orchestrator.Steering.Tests.Runtime;

public class TorchNativeTests
{
    const string Version = "GLIBCXX_3.4.32";
    static readonly string OutputLibrary = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Tensor_operations_run()
    {
        using var a = torch.arange(6, torch.float32).reshape(2, 3);
        using var product = a.matmul(a.t());
        Assert.Equal(new[] { 5f, 14f, 14f, 50f }, product.data<float>().ToArray());
    }

    [Fact]
    public void Output_copy_is_weakened_exactly_where_the_system_libstdcxx_lacks_the_version()
    {
        var system = ElfVersions.FindSystemLibStdCxx();
        Assert.NotNull(system);
        var systemHasIt = ElfVersions.Defines(File.ReadAllBytes(system), Version);

        var requirement = Assert.Single(ElfVersions.Requirements(File.ReadAllBytes(OutputLibrary)), r => r.Name == Version);
        Assert.Equal(!systemHasIt, requirement.IsWeak);

        // TorchSharp's fallback folder holds a patched copy too, so a consolidated load works as well.
        var consolidated = Path.Combine(AppContext.BaseDirectory, "cpu", "libLibTorchSharp.so");
        Assert.Equal(!systemHasIt, File.Exists(consolidated));
        if (!systemHasIt)
            Assert.True(Assert.Single(ElfVersions.Requirements(File.ReadAllBytes(consolidated)), r => r.Name == Version).IsWeak);
    }

    [Fact]
    public void Nuget_cache_copy_is_never_modified()
    {
        var requirement = Assert.Single(ElfVersions.Requirements(File.ReadAllBytes(CachedLibrary())), r => r.Name == Version);
        Assert.False(requirement.IsWeak);
    }

    static string CachedLibrary()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void Marking_weak_changes_one_flag_and_nothing_else()
    {
        var original = File.ReadAllBytes(CachedLibrary());
        var patched = (byte[])original.Clone();

        Assert.True(ElfVersions.MarkWeak(patched, Version));
        Assert.False(ElfVersions.MarkWeak(patched, Version)); // idempotent

        Assert.Single(Enumerable.Range(0, original.Length), i => original[i] != patched[i]);
        var before = ElfVersions.Requirements(original);
        var after = ElfVersions.Requirements(patched);
        Assert.Equal(before.Select(r => r.Name), after.Select(r => r.Name));
        for (int i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Name == Version ? before[i].Flags | 2 : before[i].Flags, after[i].Flags);
    }

    [Fact]
    public void System_libstdcxx_version_lookup_reads_real_definitions()
    {
        var system = File.ReadAllBytes(ElfVersions.FindSystemLibStdCxx()!);
        Assert.True(ElfVersions.Defines(system, "GLIBCXX_3.4"));
        Assert.True(ElfVersions.Defines(system, "GLIBCXX_3.4.26")); // libtorch's own floor
        Assert.False(ElfVersions.Defines(system, "GLIBCXX_9.9.99"));
    }
}
