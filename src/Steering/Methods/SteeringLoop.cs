namespace Orchestrator.Steering.Methods;

/// <summary>The one sampling loop every method runs: init, then per step propose, potential, select; then finalize.</summary>
public static class SteeringLoop
{
    /// <summary>Runs <paramref name="method"/> to the end (or until cancelled) and returns its answer.</summary>
    public static async Task<SteeringResult> RunAsync(SteeringMethod method, SteeringContext context, IProgress<StepRecord>? progress = null)
    {
        var grid = method.Times;
        var trace = new List<StepRecord>(method.Steps);
        var population = method.Init.Initialise(context);
        try
        {
            for (int k = 0; k < grid.Steps; k++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var step = new StepInfo(k, grid.Steps, grid[k], grid[k + 1]);
                using var proposal = method.Propose.Propose(population, step, context);
                population.Dispose();
                population = proposal.Children;
                var report = await method.Potential.ApplyAsync(proposal, step, context).ConfigureAwait(false);
                var selected = method.Select.Select(proposal.Children, step, context);
                if (!ReferenceEquals(selected.Next, proposal.Children)) proposal.Children.Dispose();
                population = selected.Next;
                var record = new StepRecord(k, step.T, selected.EffectiveSampleSize, report.MeanReward, report.MaxReward, selected.Resampled, report.NonFiniteRewards);
                trace.Add(record);
                progress?.Report(record);
            }
            return method.Finalize.Finish(population, context, trace);
        }
        finally
        {
            population.Dispose();
        }
    }
}
