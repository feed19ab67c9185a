using Orchestrator.Contracts.Specs;

namespace Orchestrator.Client;

/// <summary>Reads a job spec file, reporting every problem with the file's name.</summary>
static class SpecFile
{
    /// <summary>The valid spec in <paramref name="file"/>, or null after printing what is wrong with it.</summary>
    public static JobSpec? Read(FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: no such file");
            return null;
        }
        var (spec, errors) = JobSpecJson.Parse(File.ReadAllText(file.FullName));
        if (spec is not null) return spec;
        Console.Error.WriteLine($"{file.Name}: invalid job spec, nothing was run:");
        foreach (var error in errors) Console.Error.WriteLine($"  {error}");
        return null;
    }
}
