using System.Net.Http.Headers;
using Orchestrator.Tests.Shared;

namespace Orchestrator.Silo.Tests;

/// <summary>One default silo host (both roles, localhost clustering) with two API keys and a 64 KiB spec limit, shared by the API tests.</summary>
public sealed class JobsApiHost : IAsyncLifetime
{
    public const string KeyA = "key-a-secret", KeyB = "key-b-secret";
    public const int MaxSpecBytes = 64 * 1024;

    readonly SiloHosts silos = new();

    public async Task InitializeAsync() => await silos.StartAsync(new Dictionary<string, string?>
    {
        ["Steer:ApiKeys"] = $"{KeyA}, {KeyB}",
        ["Steer:MaxSpecBytes"] = MaxSpecBytes.ToString(),
    });

    /// <summary>The host's HTTP address.</summary>
    public Uri Http => silos.Http(0);

    /// <summary>A client that sends <paramref name="key"/> as a bearer token (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var http = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async Task DisposeAsync() => await silos.DisposeAsync();
}
