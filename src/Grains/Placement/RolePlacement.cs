using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Orchestrator.Grains.Placement;

/// <summary>
/// The roles a silo can have, from its metadata ("role": "coordinator", "worker" or "coordinator,worker") and the
/// particles a worker can hold ("capacity").
/// </summary>
public static class SiloRoles
{
    public const string Coordinator = "coordinator";
    public const string Worker = "worker";
    public const string RoleKey = "role";
    public const string CapacityKey = "capacity";

    public static bool Has(SiloMetadata metadata, string role) =>
        metadata.Metadata.TryGetValue(RoleKey, out var roles) && roles.Split(',', StringSplitOptions.TrimEntries).Contains(role);
}

/// <summary>Grains that hold particles (shards) activate only on worker silos.</summary>
[Serializable, GenerateSerializer, Immutable]
public sealed class WorkerPlacement : PlacementStrategy
{
    public static readonly WorkerPlacement Instance = new();
}

/// <summary>Grains that run jobs and the coordinator activate only on coordinator silos.</summary>
[Serializable, GenerateSerializer, Immutable]
public sealed class CoordinatorPlacement : PlacementStrategy
{
    public static readonly CoordinatorPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementAttribute() : PlacementAttribute(WorkerPlacement.Instance);

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CoordinatorPlacementAttribute() : PlacementAttribute(CoordinatorPlacement.Instance);

/// <summary>
/// Places a grain on a compatible silo of the strategy's role: the silo the caller asked for (a placement hint, which
/// is how the coordinator puts shards where it reserved room) if it is alive and has the role, else one at random.
/// Placement runs on the calling silo, so every silo registers this director (ClusterSetup does).
/// </summary>
public sealed class RolePlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var role = strategy is WorkerPlacement ? SiloRoles.Worker : SiloRoles.Coordinator;
        var silos = context.GetCompatibleSilos(target).Where(s => SiloRoles.Has(metadata.GetSiloMetadata(s), role)).ToArray();
        if (silos.Length == 0)
            throw new OrleansException(
                $"no active silo with role '{role}' can host {target.GrainIdentity}; compatible silos: [{string.Join(", ", context.GetCompatibleSilos(target).Select(s => $"{s} ({Roles(s)})"))}]");
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hinted) return Task.FromResult(hinted);
        return Task.FromResult(silos[Random.Shared.Next(silos.Length)]);
    }

    string Roles(SiloAddress silo) => metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloRoles.RoleKey, "no role");
}
