using System.Reflection;

namespace Orchestrator.Silo.Web;

/// <summary>
/// The job page at "/" (its script and style under /web/): the caller's jobs, a submit form, a job's live progress and
/// its samples, all read from the job API by the page's script with the key the user types in. The files are embedded in
/// this assembly, so every host that serves the API serves the page, whatever its content root. They need no key: they
/// hold no data, only the code that asks for it.
/// </summary>
public static class WebPage
{
    static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "web/index.html", "text/html; charset=utf-8"),
        ("/web/page.js", "web/page.js", "text/javascript; charset=utf-8"),
        ("/web/page.css", "web/page.css", "text/css; charset=utf-8"),
    ];

    /// <summary>Only this host's own files, and images from the API read as blobs (the sample grid): nothing from elsewhere, no inline script.</summary>
    const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static void MapWebPage(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            endpoints.MapGet(path, (HttpContext http) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                // Revalidated on every load, so a host upgraded in place never runs a stale script against a newer API.
                headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }
    }

    static byte[] Read(string resource)
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the web page's {resource} is not embedded in {typeof(WebPage).Assembly.GetName().Name}");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
