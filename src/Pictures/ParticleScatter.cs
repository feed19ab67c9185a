using ScottPlot;

namespace Orchestrator.Pictures;

/// <summary>
/// A PNG scatter of 2-D particles (models whose samples have shape [2]), each marker coloured and sized by its
/// weight relative to the heaviest particle, so where the weighted population sits shows at a glance.
/// </summary>
public static class ParticleScatter
{
    public const int Width = 800;
    public const int Height = 800;

    /// <summary>Weight bands, lightest first (drawn first, so heavy particles lie on top).</summary>
    const int Bands = 5;

    /// <summary>True for samples of shape [2].</summary>
    public static bool CanDraw(long[] shape) => shape is [2];

    public static void Write(string path, IReadOnlyList<float[]> points, IReadOnlyList<double> logWeights, string title) =>
        File.WriteAllBytes(path, Png(points, logWeights, title));

    /// <summary>
    /// The scatter as PNG bytes (<see cref="Width"/> x <see cref="Height"/>). <paramref name="logWeights"/> are the
    /// particles' log-weights (any constant offset); a particle of weight -infinity is drawn as the lightest.
    /// </summary>
    public static byte[] Png(IReadOnlyList<float[]> points, IReadOnlyList<double> logWeights, string title)
    {
        if (points.Count != logWeights.Count) throw new ArgumentException($"{points.Count} points but {logWeights.Count} weights");
        if (points.Any(p => p.Length != 2)) throw new ArgumentException("every point needs two coordinates");
        var finite = logWeights.Where(double.IsFinite).ToArray();
        var top = finite.Length > 0 ? finite.Max() : 0;
        // Relative weight w / max w in [0, 1]; NaN and -infinity count as 0.
        var relative = logWeights.Select(w => double.IsFinite(w) ? Math.Exp(w - top) : 0).ToArray();

        var plot = new Plot();
        var colours = new ScottPlot.Colormaps.Viridis();
        for (int band = 0; band < Bands; band++)
        {
            double low = (double)band / Bands, high = (double)(band + 1) / Bands;
            var members = Enumerable.Range(0, points.Count).Where(i => Band(relative[i]) == band).ToArray();
            if (members.Length == 0) continue;
            var markers = plot.Add.Markers(
                members.Select(i => (double)points[i][0]).ToArray(),
                members.Select(i => (double)points[i][1]).ToArray(),
                MarkerShape.FilledCircle,
                size: 4 + 2.5f * band,
                color: colours.GetColor(0.95 * band / (Bands - 1)).WithAlpha(0.75));
            markers.LegendText = $"weight {low:0.0}-{high:0.0} x max ({members.Length})";
        }
        plot.Axes.Bottom.Label.Text = "x[0]";
        plot.Axes.Left.Label.Text = "x[1]";
        plot.Axes.SquareUnits();
        plot.Title(title);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The band of a relative weight: [0, 0.2) is 0, ..., [0.8, 1] is 4.</summary>
    static int Band(double relative) => Math.Clamp((int)(relative * Bands), 0, Bands - 1);
}
