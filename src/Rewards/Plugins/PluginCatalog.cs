using System.Reflection;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Plugins;

/// <summary>
/// The reward plug-ins of one directory, and nothing else: every subfolder is one plug-in (its main
/// assembly with its dependencies, as <c>dotnet build -o</c> leaves them), loaded in a load context of its
/// own that shares the reward contract with the host. Plug-ins that cannot be used are listed in
/// <see cref="Failures"/> with the reason; the others still load. Load contexts are never unloaded, so
/// load a directory once per process and keep the catalog.
/// </summary>
public sealed class PluginCatalog
{
    PluginCatalog(string directory, IReadOnlyList<PluginRewardType> rewards, IReadOnlyList<PluginFailure> failures)
    {
        Directory = directory;
        Rewards = rewards;
        Failures = failures;
    }

    /// <summary>The full path of the plug-in directory.</summary>
    public string Directory { get; }

    /// <summary>Every reward class the directory's plug-ins offer.</summary>
    public IReadOnlyList<PluginRewardType> Rewards { get; }

    /// <summary>Every plug-in (or stray file) that could not be used, with why.</summary>
    public IReadOnlyList<PluginFailure> Failures { get; }

    /// <summary>Loads every plug-in in the subfolders of <paramref name="directory"/>.</summary>
    public static PluginCatalog Load(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full)) throw new DirectoryNotFoundException($"plug-in directory '{full}' does not exist");
        var rewards = new List<PluginRewardType>();
        var failures = System.IO.Directory.GetFiles(full, "*.dll")
            .Order(StringComparer.Ordinal)
            .Select(file => new PluginFailure(file, "plug-ins are loaded from their own subfolders, not from the plug-in directory itself"))
            .ToList();
        foreach (var folder in System.IO.Directory.GetDirectories(full).Order(StringComparer.Ordinal))
        {
            try
            {
                var (found, unusable) = PluginFolder.Load(folder);
                rewards.AddRange(found);
                failures.AddRange(unusable);
            }
            catch (UnusablePluginException e)
            {
                failures.Add(e.Failure);
            }
        }
        return new PluginCatalog(full, rewards, failures);
    }

    /// <summary>The reward class called <paramref name="name"/>: its full name, or its class name if no other plug-in uses it (any case).</summary>
    public PluginRewardType Find(string name)
    {
        var matches = Rewards.Where(r => r.FullName == name).ToArray();
        if (matches.Length == 0) matches = Rewards.Where(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new ArgumentException($"no plug-in in {Directory} offers a reward '{name}'; {Offered()}"),
            _ => throw new ArgumentException($"several plug-ins in {Directory} offer a reward '{name}'; name one in full: {string.Join(", ", matches.Select(m => $"{m.FullName} ({m.AssemblyPath})"))}"),
        };
    }

    /// <summary>
    /// A new reward of the class called <paramref name="name"/>, given <paramref name="options"/> if its
    /// constructor takes them. Its scoring errors stop the job as a RewardException naming the plug-in.
    /// </summary>
    public IReward Create(string name, IReadOnlyDictionary<string, string>? options = null)
    {
        var type = Find(name);
        options ??= new Dictionary<string, string>();
        if (!type.TakesOptions && options.Count > 0)
            throw new ArgumentException($"plug-in reward {type.FullName} ({type.AssemblyPath}) takes no options, but was given {string.Join(", ", options.Keys)}");
        try
        {
            var reward = type.TakesOptions ? Activator.CreateInstance(type.Type, options) : Activator.CreateInstance(type.Type);
            return new PluginReward((IReward)reward!, type.AssemblyPath);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } reason)
        {
            throw new ArgumentException($"plug-in reward {type.FullName} ({type.AssemblyPath}) could not be created: {reason.GetType().Name}: {reason.Message}", reason);
        }
    }

    string Offered()
    {
        var names = Rewards.Select(r => Rewards.Count(o => string.Equals(o.Name, r.Name, StringComparison.OrdinalIgnoreCase)) > 1 ? r.FullName : r.Name).ToArray();
        var offered = names.Length > 0 ? $"it offers: {string.Join(", ", names)}" : "it offers none";
        return Failures.Count > 0 ? $"{offered}; unusable: {string.Join("; ", Failures)}" : offered;
    }
}
