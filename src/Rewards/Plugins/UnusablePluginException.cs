namespace Orchestrator.Rewards.Plugins;

/// <summary>Why one plug-in folder cannot be used; the catalog records it and goes on with the others.</summary>
sealed class UnusablePluginException(string path, string reason) : Exception($"{path}: {reason}")
{
    public PluginFailure Failure { get; } = new(path, reason);
}
