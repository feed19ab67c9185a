namespace Orchestrator.Rewards.Plugins;

/// <summary>A plug-in (or a file where only plug-in folders belong) that could not be used, and why.</summary>
public sealed record PluginFailure(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}
