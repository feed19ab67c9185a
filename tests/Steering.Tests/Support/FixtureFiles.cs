namespace Orchestrator.Steering.Tests.Support;

/// <summary>Files of the repository the tests run from: the committed model fixtures and the samples.</summary>
static class FixtureFiles
{
    /// <summary>The repository root: the nearest folder above the test binaries holding Orchestrator.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A file in tests/fixtures/.</summary>
    public static string Fixture(string name) => Path.Combine(Root, "tests", "fixtures", name);

    static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Orchestrator.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
