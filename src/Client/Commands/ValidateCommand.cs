using System.CommandLine;

namespace Orchestrator.Client.Commands;

/// <summary>`steer validate SPEC.json`: checks a spec without running it.</summary>
static class ValidateCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The job spec (JSON) to check." };
        var command = new Command("validate", "Check a job spec and report every problem (field and problem), without running it.") { spec };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(spec)!;
            Output.Set("spec", file.FullName);
            var valid = SpecFile.Read(file) is not null;
            Output.Set("valid", valid);
            if (!valid) return ExitCodes.InvalidInput;
            Output.Set("errors", Array.Empty<object>());
            Output.Line($"{file.Name}: valid");
            return ExitCodes.Success;
        });
        return command;
    }
}
