using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Contracts.Cluster;
using Orchestrator.Grains.Placement;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Orchestrator.Grains.Hosting;

/// <summary>
/// The one place a silo is made ready for the grains: its options, its role and capacity as silo metadata, the
/// placement directors (on every silo, since placement runs where a call comes from), grain storage (memory or
/// Redis), and, on coordinator silos, a start-up task that activates the coordinator (which wakes running jobs).
/// Clustering is the caller's: the host chooses localhost or Redis, a test cluster brings its own.
/// </summary>
public static class ClusterSetup
{
    /// <summary>The grain storage every grain of the system uses.</summary>
    public const string Storage = "steer";

    public static ISiloBuilder AddSteering(this ISiloBuilder silo, SteerClusterOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new OptionsValidationException(SteerClusterOptions.Section, typeof(SteerClusterOptions), problems);
        silo.Services.AddSingleton(Options.Create(options));
        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [SiloRoles.RoleKey] = options.Roles,
            [SiloRoles.CapacityKey] = options.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        // One shard step may take long on a big shard of a big model (it cannot be cut); calls to a dead silo fail
        // at once through membership, so a longer timeout does not slow fault detection.
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromMinutes(3));
        // The trace context rides on every grain call, so a job's spans on the workers join its trace.
        silo.AddActivityPropagation();
        silo.AddPlacementDirector<WorkerPlacement, RolePlacementDirector>();
        silo.AddPlacementDirector<CoordinatorPlacement, RolePlacementDirector>();
        if (options.Storage == "redis")
            silo.AddRedisGrainStorage(Storage, (OptionsBuilder<RedisStorageOptions> builder) => builder.Configure<Serializer>((redis, serializer) =>
            {
                redis.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis!);
                // Orleans' binary format: checkpoints are byte payloads, which JSON would inflate by a third.
                redis.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        else
            silo.AddMemoryGrainStorage(Storage);
        if (options.IsCoordinator)
            silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<ICoordinatorGrain>(0).Describe());
        return silo;
    }
}
