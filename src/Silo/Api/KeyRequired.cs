using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Silo.Api;

/// <summary>The API keys in front of endpoints that are not the job routes' own (the metrics scrape, the Orleans dashboard).</summary>
public static class KeyRequired
{
    /// <summary>Requests under <paramref name="path"/> without a configured key get 401 before they reach what serves the path.</summary>
    public static void RequireKeyUnder(this WebApplication app, PathString path) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(path), keyed => keyed.Use(async (context, next) =>
        {
            if (context.RequestServices.GetRequiredService<ApiKeys>().OwnerOf(context.Request) is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            await next(context);
        }));
}
