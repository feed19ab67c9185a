using ScottPlot;

namespace Orchestrator.Pictures;

/// <summary>
/// A PNG of reward against compute, one curve per method: the mean over seeds at each NFE budget with standard-error
/// bars, budgets on a log2 axis labelled with the budgets themselves (`steer compare`'s curves.png).
/// </summary>
public static class RewardCurves
{
    public const int Width = 1000;
    public const int Height = 640;

    /// <summary>One method's curve: its budgets (ascending), the mean reward at each and the standard error of that mean.</summary>
    public sealed record Curve(string Name, double[] Budgets, double[] Means, double[] Errors);

    public static void Write(string path, IReadOnlyList<Curve> curves, string title) => File.WriteAllBytes(path, Png(curves, title));

    /// <summary>The curves as PNG bytes (<see cref="Width"/> x <see cref="Height"/>).</summary>
    public static byte[] Png(IReadOnlyList<Curve> curves, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var xs = curve.Budgets.Select(Math.Log2).ToArray();
            var line = plot.Add.Scatter(xs, curve.Means);
            line.LegendText = curve.Name;
            line.Color = palette.GetColor(i);
            var bars = plot.Add.ErrorBar(xs, curve.Means, curve.Errors);
            bars.Color = line.Color;
        }
        var budgets = curves.SelectMany(c => c.Budgets).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(budgets.Select(Math.Log2).ToArray(), budgets.Select(b => b.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Bottom.Label.Text = "denoiser NFE budget";
        plot.Axes.Left.Label.Text = "mean reward of the returned samples (weighted)";
        plot.Title(title);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
