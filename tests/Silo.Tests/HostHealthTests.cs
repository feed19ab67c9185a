using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orchestrator.Silo.Local;
using Orchestrator.Tests.Shared;

namespace Orchestrator.Silo.Tests;

/// <summary>The host as the program builds it: health endpoints over real HTTP, and settings checked before anything starts.</summary>
public class HostHealthTests
{
    static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>Default settings (both roles, localhost clustering, memory storage) but for free ports: every probe answers 200.</summary>
    [Fact]
    public async Task DefaultHost_AnswersStartupReadyAndLive()
    {
        await using var silos = new SiloHosts();
        await silos.StartAsync(new Dictionary<string, string?>());
        using var http = new HttpClient { BaseAddress = silos.Http(0), Timeout = TimeSpan.FromSeconds(10) };

        foreach (var probe in new[] { "startup", "ready", "live" })
        {
            var (status, body) = await HttpProbe.UntilAsync(http, $"/health/{probe}", 200, Within);
            Assert.True(status == 200, $"/health/{probe}: {status} {body}");
        }
        var (_, ready) = await HttpProbe.UntilAsync(http, "/health/ready", 200, Within);
        Assert.Contains("coordinator sees 1 worker(s)", ready);
    }

    /// <summary>
    /// A silo that cannot join (its Redis accepts connections but never answers) answers the startup and readiness
    /// probes with 503 and the reason while it waits, stays live, and then fails to start.
    /// </summary>
    [Fact]
    public async Task WhileTheSiloCannotJoin_StartupAndReadyAnswer503_WithTheReason()
    {
        // The kernel accepts connections into the listen queue without our calling Accept; Redis's handshake gets no reply.
        var silentRedis = new TcpListener(IPAddress.Loopback, 0);
        silentRedis.Start();
        var http = FreePorts.Take(1)[0];
        await using var silos = new SiloHosts();
        var starting = silos.StartAsync(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{http}",
            ["Steer:Clustering"] = "redis",
            ["Steer:ApiKeys"] = "test-key",
            // The silo waits this long for Redis before it gives up: the time the probes have to look.
            ["Steer:Redis"] = $"127.0.0.1:{((IPEndPoint)silentRedis.LocalEndpoint).Port},connectTimeout=6000,connectRetry=0",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(10) };

        var startup = await HttpProbe.UntilAsync(client, "/health/startup", 503, Within);
        var ready = await HttpProbe.UntilAsync(client, "/health/ready", 503, Within);
        var live = await HttpProbe.UntilAsync(client, "/health/live", 200, Within);
        var failure = await Record.ExceptionAsync(() => starting);
        silentRedis.Stop();

        Assert.True(startup.Status == 503, $"{startup.Status} {startup.Body}");
        Assert.Contains("silo is still starting", startup.Body);
        Assert.True(ready.Status == 503, $"{ready.Status} {ready.Body}");
        Assert.Contains("in membership, not Active", ready.Body);
        Assert.True(live.Status == 200, $"{live.Status} {live.Body}");
        Assert.Contains("redis", failure?.Message ?? "started", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Steer:Roles", "boss", "Steer:Roles must be coordinator, worker or coordinator,worker")]
    [InlineData("Steer:Storage", "redis", "Steer:Redis must be a connection string")]
    [InlineData("Steer:Capacity", "lots", "'Steer:Capacity'")]
    [InlineData("Steer:GatewayPort", "70000", "Steer:GatewayPort must be a TCP port")]
    [InlineData("Steer:AdvertisedIp", "here", "Steer:AdvertisedIp must be an IP address")]
    [InlineData("Steer:Role", "worker", "Steer:Role is not a setting")]
    [InlineData("Steer:Roles", "worker", "Steer:ApiKeys is required")]
    [InlineData("Steer:MaxSpecBytes", "0", "Steer:MaxSpecBytes must be at least 1")]
    public void AnInvalidSetting_StopsTheHostBeforeItStarts_NamingTheSetting(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SteerHost.CreateBuilder([$"--{key}={value}"]));

        Assert.Contains(error.Failures, f => f.Contains(expected));
    }

    /// <summary>Every problem is reported at once, not the first alone.</summary>
    [Fact]
    public void SeveralInvalidSettings_AreAllReported()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SteerHost.CreateBuilder(["--Steer:Roles=boss", "--Steer:Capacity=lots", "--Steer:ShutdownSeconds=0"]));

        Assert.Equal(3, error.Failures.Count());
    }
}
