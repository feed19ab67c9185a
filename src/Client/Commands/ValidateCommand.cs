using System.CommandLine;

namespace Orchestrator.Client.Commands;

/// <summary>`steer validate SPEC.json`: checks a spec without running it.</summary>
static class ValidateCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The job spec (JSON) to check." };
        var command = new Command("validate", "Check a job spec and report every problem, without running it.") { spec };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(spec)!;
            if (SpecFile.Read(file) is null) return ExitCodes.InvalidInput;
            Console.WriteLine($"{file.Name}: valid");
            return ExitCodes.Success;
        });
        return command;
    }
}
