using System.Reflection;
using System.Runtime.Loader;

namespace Orchestrator.Rewards.Plugins;

/// <summary>
/// The load context of one plug-in: its own assemblies and native libraries come from its folder, as its
/// .deps.json says; the contract assemblies come from the host, so the plug-in's IReward is the host's
/// IReward; anything else it does not ship (the framework) falls through to the host as well.
/// </summary>
sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext(Path.GetFileName(Path.GetDirectoryName(mainAssemblyPath)), isCollectible: false)
{
    /// <summary>Assemblies a plug-in always shares with the host, whatever it ships: the reward contract and the tensor library under it.</summary>
    public static readonly IReadOnlySet<string> Shared = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Orchestrator.Steering", "TorchSharp" };

    readonly AssemblyDependencyResolver resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && Shared.Contains(name)) return null;
        return resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
