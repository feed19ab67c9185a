using Orchestrator.Contracts.Specs;
using Orchestrator.Rewards;
using Orchestrator.Rewards.BuiltIn;
using Orchestrator.Rewards.Classifiers;
using Orchestrator.Rewards.Onnx;
using Orchestrator.Rewards.Plugins;
using Orchestrator.Rewards.Remote;
using Orchestrator.Steering.Rewards;

namespace Orchestrator.Jobs;

/// <summary>What building a reward may need from the job: the model's vocabulary (sequence rewards) and somewhere to put what must be disposed.</summary>
public sealed class RewardContext(IReadOnlyList<string>? vocabulary)
{
    public IReadOnlyList<string>? Vocabulary { get; } = vocabulary;

    /// <summary>Rewards that hold native resources (ONNX sessions); the job disposes them when it ends.</summary>
    public List<IDisposable> Owned { get; } = [];
}

/// <summary>
/// Builds the verifier a (validated) reward spec describes. Problems only building finds (a missing file, an
/// unknown plug-in, a sequence reward on an image model) are spec errors under the reward's field.
/// </summary>
public static class RewardBuilder
{
    /// <summary>Where .NET reward plug-ins are loaded from; nothing is loaded from anywhere else.</summary>
    public const string PluginsVariable = "STEER_PLUGINS";

    // One client for every remote verifier of the process: per-attempt timeouts are the verifiers' own.
    static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    static readonly Lazy<PluginCatalog?> Plugins = new(LoadPlugins);

    public static IReward Build(RewardSpec reward, RewardContext context, string field = "reward")
    {
        try
        {
            return reward.Kind switch
            {
                SpecNames.Linear => new LinearReward(reward.Weights!),
                SpecNames.Distance => new DistanceReward(reward.Target!),
                SpecNames.Classifier => new ClassifierReward(ModelResolver.Card(reward.Model!, $"{field}.model"), reward.Label),
                SpecNames.Brightness => new BrightnessReward(),
                SpecNames.Symmetry => new SymmetryReward(),
                SpecNames.Regex => new RegexCountReward(reward.Pattern!, Vocabulary(context, field)),
                SpecNames.Length => new LengthReward(Vocabulary(context, field)),
                SpecNames.Onnx => Owned(context, new OnnxReward(new OnnxRewardOptions(reward.Path!, reward.Input!, reward.Output!, reward.Index, reward.LogSoftmax ?? false))),
                SpecNames.Plugin => Catalog(field).Create(reward.Plugin!, reward.Options),
                SpecNames.Remote => new RemoteReward(new RemoteRewardOptions
                {
                    Endpoint = new Uri(reward.Url!),
                    // Messages add the address, so the name says what is scored: the service's property option, if any.
                    Name = reward.Options?.GetValueOrDefault("property") ?? "remote",
                    AttemptTimeout = TimeSpan.FromSeconds(reward.TimeoutSeconds ?? 10),
                    Retries = reward.Retries ?? 3,
                    Options = reward.Options,
                    Vocabulary = context.Vocabulary,
                }, Http),
                SpecNames.WeightedSum => new WeightedSumReward(reward.Members!.Select((m, i) => (Build(m, context, $"{field}.members[{i}]"), m.Weight ?? 1)).ToArray()),
                SpecNames.Rank => new RankEnsemble(reward.Members!.Select((m, i) => Build(m, context, $"{field}.members[{i}]")).ToArray()),
                _ => throw new ArgumentException($"unknown reward kind '{reward.Kind}'"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or Models.Cards.InvalidCardException)
        {
            throw new InvalidSpecException([new SpecError(field, e.Message)]);
        }
    }

    static IReadOnlyList<string> Vocabulary(RewardContext context, string field) =>
        context.Vocabulary ?? throw new InvalidSpecException([new SpecError($"{field}.kind", "scores token sequences, but the model is not a discrete (masked) model with a vocabulary")]);

    static IReward Owned<T>(RewardContext context, T reward) where T : IReward, IDisposable
    {
        context.Owned.Add(reward);
        return reward;
    }

    static PluginCatalog Catalog(string field)
    {
        try
        {
            return Plugins.Value ?? throw new InvalidSpecException([new SpecError($"{field}.plugin", $"no plug-in directory is configured: set {PluginsVariable} to the folder that holds the plug-ins")]);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InvalidSpecException([new SpecError($"{field}.plugin", $"{e.Message} (from {PluginsVariable})")]);
        }
    }

    /// <summary>Loads the plug-in directory once per process, reporting every plug-in that failed with its path and reason.</summary>
    static PluginCatalog? LoadPlugins()
    {
        if (Environment.GetEnvironmentVariable(PluginsVariable) is not { Length: > 0 } directory) return null;
        var catalog = PluginCatalog.Load(directory);
        foreach (var failure in catalog.Failures) Console.Error.WriteLine($"warning: plug-in {failure.Path} was not loaded: {failure.Reason}");
        return catalog;
    }
}
