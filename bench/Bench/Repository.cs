namespace Orchestrator.Bench;

/// <summary>The repository the harness runs in (the folder holding Orchestrator.sln), for models and the report.</summary>
static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}; run the harness from the repository");
    }
}
