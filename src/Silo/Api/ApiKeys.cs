using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Silo.Api;

/// <summary>
/// The keys the job API accepts (Steer:ApiKeys, comma-separated), read from `Authorization: Bearer KEY` or
/// `X-Api-Key: KEY`. A job's owner is a fingerprint of the key that submitted it, not the key itself, so no key is
/// written to grain storage or shown in a status. With no keys configured the API is open and everyone is "anonymous".
/// </summary>
public sealed class ApiKeys(string? configured)
{
    public const string Anonymous = "anonymous";

    readonly HashSet<string> fingerprints = (configured ?? "")
        .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(Fingerprint).ToHashSet();

    public bool IsOpen => fingerprints.Count == 0;

    /// <summary>The owner the request speaks for, or null when it carries no key or one that is not configured.</summary>
    public string? OwnerOf(HttpRequest request)
    {
        if (IsOpen) return Anonymous;
        var key = KeyIn(request);
        if (key is null) return null;
        var owner = Fingerprint(key);
        return fingerprints.Contains(owner) ? owner : null;
    }

    static string? KeyIn(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    /// <summary>Hashing both sides also makes the comparison independent of where the keys first differ.</summary>
    static string Fingerprint(string key) => "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
