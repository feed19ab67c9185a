using Orchestrator.Steering.Rewards;

namespace Orchestrator.Rewards.Plugins;

/// <summary>A reward class a plug-in offers: public, not abstract, implementing <see cref="IReward"/>, with a constructor the catalog can call.</summary>
/// <param name="AssemblyPath">The plug-in's main assembly.</param>
/// <param name="Type">The class, loaded in the plug-in's own load context.</param>
public sealed record PluginRewardType(string AssemblyPath, Type Type)
{
    /// <summary>The class name job specs use, e.g. "CheckerboardReward".</summary>
    public string Name => Type.Name;

    /// <summary>The full class name, for when two plug-ins share a class name.</summary>
    public string FullName => Type.FullName ?? Type.Name;

    /// <summary>True if the class takes options (a constructor with one IReadOnlyDictionary&lt;string, string&gt;); else it has a parameterless one.</summary>
    public bool TakesOptions => Type.GetConstructor([typeof(IReadOnlyDictionary<string, string>)]) is not null;

    /// <summary>True if the catalog can create it: it takes options or has a parameterless constructor.</summary>
    public bool IsCreatable => TakesOptions || Type.GetConstructor(Type.EmptyTypes) is not null;
}
