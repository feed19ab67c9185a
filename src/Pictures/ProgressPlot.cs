using ScottPlot;

namespace Orchestrator.Pictures;

/// <summary>
/// A PNG of a job's trace: the effective sample size over steps (left axis, 0 to the particle count), the mean and
/// best reward of the steps that evaluated one (right axis), and a marker on the ESS line at every step that resampled.
/// </summary>
public static class ProgressPlot
{
    public const int Width = 1000;
    public const int Height = 600;

    /// <summary>One step of the trace, as the picture needs it. Rewards are null at steps that evaluated none.</summary>
    public readonly record struct Step(int Index, double Ess, double? MeanReward, double? BestReward, bool Resampled);

    public static void Write(string path, IReadOnlyList<Step> steps, int particles, string title) =>
        File.WriteAllBytes(path, Png(steps, particles, title));

    /// <summary>The plot as PNG bytes (<see cref="Width"/> x <see cref="Height"/>); non-finite values are left out.</summary>
    public static byte[] Png(IReadOnlyList<Step> steps, int particles, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();

        var ess = steps.Where(s => double.IsFinite(s.Ess)).ToArray();
        var essLine = plot.Add.Scatter(ess.Select(s => (double)s.Index).ToArray(), ess.Select(s => s.Ess).ToArray(), palette.GetColor(0));
        essLine.LegendText = "ESS";
        essLine.MarkerSize = 0;
        essLine.LineWidth = 2;

        var resampled = ess.Where(s => s.Resampled).ToArray();
        if (resampled.Length > 0)
        {
            var marks = plot.Add.Markers(resampled.Select(s => (double)s.Index).ToArray(), resampled.Select(s => s.Ess).ToArray(),
                MarkerShape.FilledTriangleUp, 8, palette.GetColor(3));
            marks.LegendText = $"resampled ({resampled.Length} steps)";
        }

        var rewarded = false;
        foreach (var (name, value, colour, pattern) in new (string, Func<Step, double?>, Color, LinePattern)[]
                 {
                     ("mean reward", s => s.MeanReward, palette.GetColor(1), LinePattern.Solid),
                     ("best reward", s => s.BestReward, palette.GetColor(2), LinePattern.Dashed),
                 })
        {
            var points = steps.Where(s => value(s) is { } v && double.IsFinite(v)).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.Scatter(points.Select(s => (double)s.Index).ToArray(), points.Select(s => value(s)!.Value).ToArray(), colour);
            line.LegendText = name;
            line.LinePattern = pattern;
            line.MarkerSize = points.Length <= 50 ? 4 : 0;
            line.Axes.YAxis = plot.Axes.Right;
            rewarded = true;
        }

        plot.Axes.Bottom.Label.Text = "step";
        plot.Axes.Left.Label.Text = $"effective sample size (of {particles})";
        if (rewarded) plot.Axes.Right.Label.Text = "reward";
        plot.Axes.SetLimitsY(0, Math.Max(1, particles) * 1.05, plot.Axes.Left);
        plot.Title(title);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
