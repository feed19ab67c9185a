using Orchestrator.Models.Cards;
using Orchestrator.Models.Loading;
using Orchestrator.Steering.Population;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Orchestrator.Rewards.Classifiers;

/// <summary>
/// r(x) = log p(class | x) under a classifier trained here: the class is <see cref="Label"/>, or each
/// particle's own label when none is fixed. Scoring x0-predictions early in sampling asks the classifier
/// about blurry images; that is what FK steering's potentials are built from.
/// </summary>
public sealed class ClassifierReward : IReward
{
    readonly nn.Module<Tensor, Tensor> classifier;
    readonly long[] shape;
    readonly int classes;

    public ClassifierReward(LoadedCard card, long? label)
    {
        classifier = ModelLoader.Classifier(card);
        shape = card.Card.Shape!;
        classes = card.Card.Classes!.Length;
        if (label is { } l && (l < 0 || l >= classes))
            throw new ArgumentException($"classifier {card.Card.Name} knows classes 0..{classes - 1}, not {l}");
        Label = label;
        Name = label is null ? $"classifier {card.Card.Name}" : $"classifier {card.Card.Name}, class {card.Card.Classes[label.Value]}";
    }

    public string Name { get; }

    /// <summary>The class scored, or null for each particle's own label.</summary>
    public long? Label { get; }

    public ValueTask<double[]> ScoreAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Values is null) throw new ArgumentException($"the {Name} reward scores images, not tokens");
        if (!batch.RowShape.SequenceEqual(shape))
            throw new ArgumentException($"the {Name} reward scores images of shape [{string.Join(", ", shape)}], not [{string.Join(", ", batch.RowShape)}]");
        var labels = Label is { } fixedLabel ? Enumerable.Repeat(fixedLabel, batch.Rows).ToArray()
            : batch.Labels ?? throw new ArgumentException($"the {Name} reward needs a class: give reward.label, or particles with labels");
        if (labels.Where(l => l < 0 || l >= classes).Select(l => (long?)l).FirstOrDefault() is { } bad)
            throw new ArgumentException($"the {Name} reward knows classes 0..{classes - 1}; a particle asks for class {bad} (give reward.label for unconditional particles)");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var images = torch.tensor(batch.Values, [batch.Rows, .. shape]);
        var logits = ForwardBatches.Map(batch.Rows, (start, rows) => classifier.forward(images.narrow(0, start, rows)));
        var logProbabilities = nn.functional.log_softmax(logits, 1).to_type(ScalarType.Float64);
        var picked = logProbabilities.gather(1, torch.tensor(labels).unsqueeze(1)).squeeze(1);
        return ValueTask.FromResult(picked.data<double>().ToArray());
    }
}
