using System.Net;

namespace Orchestrator.Silo;

/// <summary>
/// How the host joins its cluster (configuration section "Steer", beside <see cref="Grains.Hosting.SteerClusterOptions"/>,
/// which says what the silo does in it): ports, the address other silos and clients reach it on, the cluster's ids and
/// how long a graceful stop may take.
/// </summary>
public sealed class SteerHostOptions
{
    /// <summary>Orleans' own defaults: silo-to-silo traffic on 11111, clients on 30000.</summary>
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "steer";

    /// <summary>The port other silos reach this one on.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The port clients (the CLI) reach this silo on.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Localhost clustering only: the silo port of the silo that keeps the membership (every silo of the machine names the same one).</summary>
    public int PrimarySiloPort { get; set; } = DefaultSiloPort;

    /// <summary>Redis clustering only: the IP address this silo publishes in the membership table for others to reach it on.</summary>
    public string AdvertisedIp { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>Redis clustering only: listen on every interface rather than the advertised address alone (containers behind NAT).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>Silos and clients of one cluster must agree on both ids.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    public string ServiceId { get; set; } = DefaultClusterId;

    /// <summary>How long a graceful stop may take (Orleans deactivates the silo's grains and leaves the membership in it).</summary>
    public int ShutdownSeconds { get; set; } = 60;

    /// <summary>The job API's keys, comma-separated; required unless the silo runs alone (see <see cref="SteerSettings"/>).</summary>
    public string? ApiKeys { get; set; }

    /// <summary>The largest job spec POST /jobs takes, in bytes (larger: 413).</summary>
    public int MaxSpecBytes { get; set; } = 1 << 20;

    /// <summary>
    /// Where to send traces (OTLP over HTTP, e.g. http://otel-collector:4318); none are recorded without one.
    /// </summary>
    public string? TraceEndpoint { get; set; }

    /// <summary>Every problem with these settings, each naming its setting; empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, port) in new[] { ("SiloPort", SiloPort), ("GatewayPort", GatewayPort), ("PrimarySiloPort", PrimarySiloPort) })
            if (port is < 1 or > 65535) yield return $"Steer:{name} must be a TCP port, 1 to 65535 (got {port})";
        if (SiloPort == GatewayPort) yield return $"Steer:SiloPort and Steer:GatewayPort must differ (both are {SiloPort})";
        if (!IPAddress.TryParse(AdvertisedIp, out _)) yield return $"Steer:AdvertisedIp must be an IP address (got '{AdvertisedIp}')";
        if (string.IsNullOrWhiteSpace(ClusterId)) yield return "Steer:ClusterId must not be empty";
        if (string.IsNullOrWhiteSpace(ServiceId)) yield return "Steer:ServiceId must not be empty";
        if (MaxSpecBytes < 1) yield return $"Steer:MaxSpecBytes must be at least 1 (got {MaxSpecBytes})";
        if (TraceEndpoint is not null && !(Uri.TryCreate(TraceEndpoint, UriKind.Absolute, out var traces) && traces.Scheme is "http" or "https"))
            yield return $"Steer:TraceEndpoint must be an http(s) URL of an OTLP collector (got '{TraceEndpoint}')";
        if (ShutdownSeconds < 1) yield return $"Steer:ShutdownSeconds must be at least 1 (got {ShutdownSeconds})";
    }
}
