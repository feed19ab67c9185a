using MessagePack;

namespace Orchestrator.Rewards.Remote;

/// <summary>The body of a successful POST /score: one score per row, NaN where the service cannot judge.</summary>
[MessagePackObject]
public sealed record ScoreResponse
{
    [Key("scores")] public required double[] Scores { get; init; }
}
