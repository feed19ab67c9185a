using Orchestrator.Contracts.Results;
using Orchestrator.Pictures;

namespace Orchestrator.Silo.Api;

/// <summary>
/// GET /jobs/{id}/samples.png: the grid of a completed image-model job's samples, <c>columns</c> to a row: the first
/// <c>count</c> particles in result order (weighted methods: by group, then random-stream key), or with
/// <c>weighted=true</c> <c>count</c> drawn in proportion to their weights, which shows the population FK and best-of-N
/// aim at (their unresampled particles can carry next to no weight). Samples that are not images (a 2-D mixture, a
/// discrete model's tokens) are 422 with a JSON error naming their shape.
/// </summary>
public static class SampleGrid
{
    public const int DefaultCount = 64, MaxCount = 256, DefaultColumns = 8, MaxColumns = 64;

    /// <summary>The problem with the query, or null when it is fine.</summary>
    public static string? CheckQuery(int? count, int? columns) =>
        count is < 1 or > MaxCount ? $"count must be 1..{MaxCount}"
        : columns is < 1 or > MaxColumns ? $"columns must be 1..{MaxColumns}"
        : null;

    /// <summary>The PNG of <paramref name="resultJson"/>'s samples, or the JSON error saying why they cannot be drawn.</summary>
    public static IResult Draw(string resultJson, int? count, int? columns, bool weighted)
    {
        var result = JobResultJson.Deserialize(resultJson);
        if (result.Samples.Length == 0 || !ImageGrid.CanDraw(result.SampleShape))
        {
            var what = result.Samples.Length == 0 ? "the job's samples are tokens (a discrete model): they" : $"samples of shape [{string.Join(", ", result.SampleShape)}]";
            return Results.Json(new { error = $"{what} are not images: read them from /result" }, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        var n = Math.Min(count ?? DefaultCount, result.Samples.Length);
        var shown = weighted ? WeightedDraw.Draw(result.Samples, result.LogWeights, n) : result.Samples[..n];
        return Results.File(ImageGrid.Png(shown, result.SampleShape, columns ?? DefaultColumns), "image/png");
    }
}
