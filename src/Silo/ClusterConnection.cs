using Orleans.Configuration;

namespace Orchestrator.Silo;

/// <summary>
/// An Orleans client connected to a steering cluster: through Redis (where the silos publish their gateways) or to
/// known local gateway ports. Connecting gives up after a limit with <see cref="ClusterUnreachableException"/>, saying
/// where it looked and why, rather than retrying for ever.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>A CLI user waits this long at most for a cluster that is not there.</summary>
    public static readonly TimeSpan DefaultConnectLimit = TimeSpan.FromSeconds(15);

    readonly IHost host;

    ClusterConnection(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects to the cluster <paramref name="clusterId"/> whose membership is in Redis at <paramref name="redis"/>.</summary>
    public static Task<ClusterConnection> ConnectRedisAsync(string redis, string clusterId = SteerHostOptions.DefaultClusterId, string serviceId = SteerHostOptions.DefaultClusterId,
        TimeSpan? limit = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));
            client.UseRedisClustering(redis);
        }, $"cluster '{clusterId}' (service '{serviceId}') in Redis at {redis}", limit ?? DefaultConnectLimit, cancellationToken);

    /// <summary>Connects to silos of this machine through their gateway ports.</summary>
    public static Task<ClusterConnection> ConnectLocalAsync(int[] gatewayPorts, string clusterId = SteerHostOptions.DefaultClusterId, string serviceId = SteerHostOptions.DefaultClusterId,
        TimeSpan? limit = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(client => client.UseLocalhostClustering(gatewayPorts, serviceId, clusterId),
            $"local silos on gateway port(s) {string.Join(", ", gatewayPorts)}", limit ?? DefaultConnectLimit, cancellationToken);

    static async Task<ClusterConnection> ConnectAsync(Action<IClientBuilder> configure, string where, TimeSpan limit, CancellationToken cancellationToken)
    {
        // No logging: a client that cannot connect logs the same failure at length; the exception says it once.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(configure);
        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            // WaitAsync too: the token is a request, and a connection attempt may not look at it until its own timeout.
            await host.StartAsync(deadline.Token).WaitAsync(deadline.Token);
            return new ClusterConnection(host);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _ = StopAsync(host);   // not awaited: stopping a half-started client may itself wait on the network
            var reason = e is OperationCanceledException
                ? $"no gateway answered within {limit.TotalSeconds:0} s (are silos of this cluster running, with the same Redis, cluster id and service id?)"
                : Reason(e);
            throw new ClusterUnreachableException($"could not connect to the {where}: {reason}", e);
        }
    }

    static string Reason(Exception e)
    {
        while (e is AggregateException { InnerException: { } inner }) e = inner;
        return $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";
    }

    /// <summary>Closes the client, giving up after a few seconds: a cluster that is gone cannot be left politely.</summary>
    static async Task StopAsync(IHost host)
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.StopAsync(limit.Token);
        }
        catch (Exception)
        {
            // Stopping is best effort; disposing below releases what the client holds either way.
        }
        host.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync(host));
}

/// <summary>The cluster could not be reached; the message says where it was looked for and why it failed.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
