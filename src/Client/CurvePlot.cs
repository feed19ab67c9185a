using Orchestrator.Jobs;

namespace Orchestrator.Client;

/// <summary>curves.png: mean reward against NFE budget per method, mean over seeds with standard-error bars, drawn by ScottPlot.</summary>
static class CurvePlot
{
    public static void Write(IReadOnlyList<ComparisonRow> rows, string path, string title)
    {
        var plot = new ScottPlot.Plot();
        var budgets = rows.Select(r => r.Budget).Distinct().Order().ToArray();
        // Budgets grow geometrically: plot against log2(budget) and label the ticks with the budgets themselves.
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (method, index) in rows.Select(r => r.Method).Distinct().Select((m, i) => (m, i)))
        {
            var points = rows.Where(r => r.Method == method).GroupBy(r => r.Budget).OrderBy(g => g.Key)
                .Select(g => (X: Math.Log2(g.Key), Mean: g.Average(r => r.MeanReward), Error: StandardError(g.Select(r => r.MeanReward).ToArray())))
                .ToArray();
            var xs = points.Select(p => p.X).ToArray();
            var ys = points.Select(p => p.Mean).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = method;
            line.Color = palette.GetColor(index);
            var bars = plot.Add.ErrorBar(xs, ys, points.Select(p => p.Error).ToArray());
            bars.Color = line.Color;
        }
        plot.Axes.Bottom.SetTicks(budgets.Select(b => Math.Log2(b)).ToArray(), budgets.Select(b => b.ToString("N0")).ToArray());
        plot.Axes.Bottom.Label.Text = "denoiser NFE budget";
        plot.Axes.Left.Label.Text = "mean reward of the returned samples (weighted)";
        plot.Title(title);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, 1000, 640);
    }

    static double StandardError(double[] values)
    {
        if (values.Length < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }
}
