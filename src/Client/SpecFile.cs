using Orchestrator.Contracts.Specs;

namespace Orchestrator.Client;

/// <summary>Reads a job spec file, reporting every problem with the file's name.</summary>
static class SpecFile
{
    /// <summary>The valid spec in <paramref name="file"/>, or null after reporting what is wrong with it (--json: error and errors).</summary>
    public static JobSpec? Read(FileInfo file)
    {
        if (!file.Exists)
        {
            Output.Error($"{file.FullName}: no such file");
            return null;
        }
        var (spec, errors) = JobSpecJson.Parse(File.ReadAllText(file.FullName));
        if (spec is not null) return spec;
        Output.Invalid($"{file.Name}: invalid job spec, nothing was run:", errors);
        return null;
    }
}
