using System.CommandLine;
using Orchestrator.Models.Cards;
using Orchestrator.Models.Training;
using Orchestrator.Rewards.Remote;
using Orchestrator.Steering.Rewards;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Client.Commands;

/// <summary>
/// `steer train NAME`: trains one of the shipped models from its Debian-packaged data (fetched on first use),
/// with a fixed seed, and writes its weights and card (training loss, time, machine, measured quality).
/// </summary>
static class TrainCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("model") { Description = $"The model to train: {string.Join(", ", Recipes.All.Select(r => r.Name))}.", HelpName = "model" };
        name.AcceptOnlyFromAmong([.. Recipes.All.Select(r => r.Name)]);
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The registry folder to write NAME/card.json and the weights into.", DefaultValueFactory = _ => new DirectoryInfo("models") };
        var steps = new Option<int?>("--steps") { Description = "Training steps (default: the recipe's)." };
        var seed = new Option<long?>("--seed") { Description = "Seed of the training (default: the recipe's)." };
        var verifier = new Option<string?>("--molecule-verifier") { Description = "smiles: the molecule verifier's /score address (tools/molecule-verifier), to measure the valid fraction for the card." };
        var command = new Command("train", "Train a shipped model (weights and card) from its data.") { name, output, steps, seed, verifier };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(steps) is < 1)
            {
                Output.Error("steer: --steps must be at least 1");
                return ExitCodes.InvalidInput;
            }
            Uri? verifierUrl = null;
            if (parse.GetValue(verifier) is { } address && !Uri.TryCreate(address, UriKind.Absolute, out verifierUrl))
            {
                Output.Error($"steer: --molecule-verifier must be an absolute http address, not '{address}'");
                return ExitCodes.InvalidInput;
            }
            TorchRuntime.Initialise(parse.GetValue(CommandLine.Threads));
            var recipe = Recipes.ByName(parse.GetValue(name)!);
            // The display is made at the first report, when the recipe's step count is known.
            ProgressDisplay? display = null;
            var progress = new SynchronousProgress<TrainingProgress>(p =>
                (display ??= new ProgressDisplay(p.Steps, "step", recipe.Name)).Report(p.Step, $"loss {p.Loss:F4}"));
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            Func<IReadOnlyList<string>, IReward>? validity = verifierUrl is { } url
                ? vocabulary => new RemoteReward(new RemoteRewardOptions
                {
                    Endpoint = url, Name = "molecule validity", Vocabulary = vocabulary,
                    Options = new Dictionary<string, string> { ["property"] = "validity" },
                }, http)
                : null;
            var context = new RecipeContext(parse.GetValue(output)!.FullName, parse.GetValue(steps), parse.GetValue(seed), new NoteWriter(), progress, cancellationToken, validity);
            try
            {
                var card = await recipe.Run(context);
                display?.Dispose();
                Output.Line($"{card.Name}: loss {card.Training!.FinalLoss:F4} after {card.Training.Steps} steps in {card.Training.Seconds:F0} s; {card.Quality!.Measure} {card.Quality.Value:P1} ({card.Quality.Method})");
                Output.Set("model", card.Name);
                Output.Set("training", card.Training);
                Output.Set("quality", card.Quality);
                Output.Set("files", new Dictionary<string, string> { ["card"] = Path.Combine(parse.GetValue(output)!.FullName, card.Name, ModelCards.FileName) });
                return ExitCodes.Success;
            }
            catch (OperationCanceledException)
            {
                display?.Dispose();
                Output.Error("cancelled; the card was not written");
                return ExitCodes.Cancelled;
            }
        });
        return command;
    }
}

/// <summary>A recipe's log lines, as notes on stderr (ending a live progress line first; nothing under --quiet).</summary>
sealed class NoteWriter : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void WriteLine(string? value) => Output.Note(value ?? "");

    public override void Write(char value) => Console.Error.Write(value);
}
