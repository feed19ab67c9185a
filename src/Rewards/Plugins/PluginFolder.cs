using System.Reflection;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Plugins;

/// <summary>
/// Loads one plug-in folder: its main assembly (the one its .deps.json names, or its only .dll) in a load
/// context of its own, checks that every assembly it references can be found, and lists its reward classes.
/// Anything wrong is an <see cref="UnusablePluginException"/> naming the file and the reason.
/// </summary>
static class PluginFolder
{
    /// <summary>The reward classes of the plug-in in <paramref name="folder"/>, and any of its classes the catalog cannot create.</summary>
    public static (IReadOnlyList<PluginRewardType> Rewards, IReadOnlyList<PluginFailure> Unusable) Load(string folder)
    {
        var main = MainAssembly(folder);
        var context = new PluginLoadContext(main);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(main);
        }
        catch (BadImageFormatException e)
        {
            throw new UnusablePluginException(main, $"not a .NET assembly ({e.Message})");
        }
        catch (FileLoadException e)
        {
            throw new UnusablePluginException(main, $"cannot be loaded ({e.Message})");
        }
        CheckReferences(context, assembly, main);
        var rewards = RewardClasses(assembly, main);
        var unusable = rewards.Where(r => !r.IsCreatable)
            .Select(r => new PluginFailure(main, $"{r.FullName} has neither a parameterless constructor nor one taking IReadOnlyDictionary<string, string> options"))
            .ToArray();
        return (rewards.Where(r => r.IsCreatable).ToArray(), unusable);
    }

    static string MainAssembly(string folder)
    {
        bool IsOwn(string dll) => !PluginLoadContext.Shared.Contains(Path.GetFileNameWithoutExtension(dll));
        var described = Directory.GetFiles(folder, "*.deps.json")
            .Select(deps => Path.Combine(folder, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll"))
            .Where(dll => File.Exists(dll) && IsOwn(dll))
            .ToArray();
        if (described.Length == 1) return described[0];
        if (described.Length > 1)
            throw new UnusablePluginException(folder, $"holds several assemblies with a .deps.json ({string.Join(", ", described.Select(Path.GetFileName))}); put each plug-in in its own folder");
        var assemblies = Directory.GetFiles(folder, "*.dll").Where(IsOwn).ToArray();
        return assemblies.Length switch
        {
            1 => assemblies[0],
            0 => throw new UnusablePluginException(folder, "holds no plug-in assembly (.dll)"),
            _ => throw new UnusablePluginException(folder, $"holds {assemblies.Length} assemblies and no .deps.json saying which is the plug-in ({string.Join(", ", assemblies.Select(Path.GetFileName))})"),
        };
    }

    /// <summary>Loads every assembly the plug-in references now, so a missing one is found when the catalog loads, not mid-job.</summary>
    static void CheckReferences(PluginLoadContext context, Assembly assembly, string main)
    {
        var missing = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            try
            {
                context.LoadFromAssemblyName(reference);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                missing.Add($"{reference.FullName} ({e.GetType().Name})");
            }
        }
        if (missing.Count > 0)
            throw new UnusablePluginException(main, $"needs assemblies neither its folder nor the host provides: {string.Join("; ", missing)}");
    }

    static PluginRewardType[] RewardClasses(Assembly assembly, string main)
    {
        Type[] exported;
        try
        {
            exported = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or TypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new UnusablePluginException(main, $"its types cannot be loaded ({e.Message})");
        }
        var rewards = exported
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && typeof(IReward).IsAssignableFrom(t))
            .Select(t => new PluginRewardType(main, t))
            .ToArray();
        if (rewards.Length == 0)
            throw new UnusablePluginException(main, $"has no public, non-abstract class implementing {typeof(IReward).FullName}");
        return rewards;
    }
}
