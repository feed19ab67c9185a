namespace Orchestrator.Models.Training;

/// <summary>How long and how to train: Adam at <paramref name="LearningRate"/>, decayed by cosine to a tenth over the last half.</summary>
public sealed record TrainingPlan(int Steps, int Batch, double LearningRate, long Seed)
{
    /// <summary>The learning rate at <paramref name="step"/>.</summary>
    public double RateAt(int step)
    {
        var half = Steps / 2;
        if (step < half) return LearningRate;
        var progress = (step - half) / (double)Math.Max(1, Steps - half);
        return LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}

/// <summary>What training reports as it goes and at the end.</summary>
public sealed record TrainingProgress(int Step, int Steps, double Loss, double Seconds);
