using Microsoft.AspNetCore.Builder;
using Orchestrator.Silo;
using Orchestrator.Silo.Local;

namespace Orchestrator.Tests.Shared;

/// <summary>
/// Real silo hosts in the test process, built by SteerHost exactly as the program builds them, each on free loopback
/// ports (silo, gateway, HTTP). Test projects that reference src/Silo link this file. Disposing stops them gracefully,
/// workers first.
/// </summary>
public sealed class SiloHosts : IAsyncDisposable
{
    readonly List<WebApplication> hosts = [];

    public IReadOnlyList<WebApplication> Hosts => hosts;

    /// <summary>The HTTP address host <paramref name="index"/> listens on.</summary>
    public Uri Http(int index) => new(hosts[index].Urls.First());

    /// <summary>Settings of one silo of a cluster whose membership and grain storage are in <paramref name="redis"/>.</summary>
    public static Dictionary<string, string?> OnRedis(RedisServer redis, string clusterId, string roles) => new()
    {
        ["Steer:Roles"] = roles,
        ["Steer:Clustering"] = "redis",
        ["Steer:Storage"] = "redis",
        ["Steer:Redis"] = redis.ConnectionString,
        ["Steer:ClusterId"] = clusterId,
        ["Steer:ApiKeys"] = "test-key",
    };

    /// <summary>A coordinator and <paramref name="workers"/> worker silos on Redis clustering and storage, all started.</summary>
    public static async Task<SiloHosts> StartOnRedisAsync(RedisServer redis, string clusterId, int workers)
    {
        var silos = new SiloHosts();
        try
        {
            await silos.StartAsync(OnRedis(redis, clusterId, "coordinator"));
            for (int i = 0; i < workers; i++) await silos.StartAsync(OnRedis(redis, clusterId, "worker"));
            return silos;
        }
        catch
        {
            await silos.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds and starts one host from <paramref name="settings"/>, on free ports unless the settings name them.</summary>
    public async Task<WebApplication> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var ports = FreePorts.Take(2);
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Steer:SiloPort"] = ports[0].ToString(),
            ["Steer:GatewayPort"] = ports[1].ToString(),
            ["Steer:PrimarySiloPort"] = ports[0].ToString(),
            ["Steer:ShutdownSeconds"] = "20",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings) all[key] = value;
        var host = SteerHost.Build(SteerHost.CreateBuilder([], all));
        try
        {
            await host.StartAsync();
        }
        catch
        {
            // A silo that failed to start refuses to be stopped; it is only disposed.
            await host.DisposeAsync();
            throw;
        }
        hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
        hosts.Clear();
    }
}
