using Orchestrator.Grains.Placement;

namespace Orchestrator.Silo.Local;

/// <summary>
/// A real cluster of N silos in this process, on free loopback ports with localhost clustering and memory storage:
/// silo 0 is the coordinator (and the membership's primary), the others are workers; a single silo has both roles.
/// Each silo is a headless <see cref="SteerHost"/>, exactly as configured in production but for clustering and
/// storage. <see cref="DisposeAsync"/> disconnects the client and stops every silo gracefully.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    readonly List<IHost> silos = [];
    volatile bool stopping;
    ClusterConnection? connection;

    LocalCluster()
    {
    }

    /// <summary>A client connected to every silo's gateway.</summary>
    public IClusterClient Client => connection?.Client ?? throw new InvalidOperationException("the local cluster is not running");

    /// <summary>
    /// Starts <paramref name="size"/> silos and connects a client. <paramref name="settings"/> ("Steer:..." keys) are
    /// given to every silo on top of the cluster's own; <paramref name="logLevel"/> is the silos' (logs go to stderr).
    /// </summary>
    public static async Task<LocalCluster> StartAsync(int size, IReadOnlyDictionary<string, string?>? settings = null, LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var ports = FreePorts.Take(2 * size);
        var cluster = new LocalCluster();
        try
        {
            // The primary first: the others join through it.
            await cluster.StartSiloAsync(SiloSettings(0, size, ports, settings), logLevel, cancellationToken);
            await Task.WhenAll(Enumerable.Range(1, size - 1).Select(i => cluster.StartSiloAsync(SiloSettings(i, size, ports, settings), logLevel, cancellationToken)));
            var gateways = Enumerable.Range(0, size).Select(i => ports[2 * i + 1]).ToArray();
            cluster.connection = await ClusterConnection.ConnectLocalAsync(gateways, cancellationToken: cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Only silos that started are kept (and stopped later): Orleans refuses to stop one that failed to start.</summary>
    async Task StartSiloAsync(Dictionary<string, string?> settings, LogLevel logLevel, CancellationToken cancellationToken)
    {
        var silo = SteerHost.BuildHeadless(settings, logLevel, QuietWhileStopping);
        try
        {
            await silo.StartAsync(cancellationToken);
        }
        catch
        {
            silo.Dispose();
            throw;
        }
        lock (silos) silos.Add(silo);
    }

    static Dictionary<string, string?> SiloSettings(int index, int size, int[] ports, IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Steer:Roles"] = size == 1 ? $"{SiloRoles.Coordinator},{SiloRoles.Worker}" : index == 0 ? SiloRoles.Coordinator : SiloRoles.Worker,
            ["Steer:Clustering"] = "localhost",
            ["Steer:Storage"] = "memory",
            ["Steer:SiloPort"] = ports[2 * index].ToString(),
            ["Steer:GatewayPort"] = ports[2 * index + 1].ToString(),
            ["Steer:PrimarySiloPort"] = ports[0].ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        connection = null;
        // Workers first, together; the primary last, since it keeps the membership they leave through. The primary's
        // grains then cannot reach the directory entries the workers held, and Orleans logs each as an error: expected
        // when the whole cluster is taken down on purpose, so its logs below Critical are dropped from here on.
        stopping = true;
        await Task.WhenAll(silos.Skip(1).Select(StopAsync));
        if (silos.Count > 0) await StopAsync(silos[0]);
        silos.Clear();
    }

    bool QuietWhileStopping(string? category, LogLevel level) => !stopping || level >= LogLevel.Critical || category?.StartsWith("Orleans", StringComparison.Ordinal) != true;

    static async Task StopAsync(IHost silo)
    {
        try
        {
            await silo.StopAsync();
        }
        finally
        {
            silo.Dispose();
        }
    }
}
