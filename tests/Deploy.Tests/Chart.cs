using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Orchestrator.Deploy.Tests;

/// <summary>The chart's files, read from the repository: values as JSON (for the schema), templates as text.</summary>
static class Chart
{
    public static string Folder { get; } = Path.Combine(Repository(), "deploy", "helm", "steer");

    public static string DockerFolder { get; } = Path.Combine(Repository(), "deploy", "docker");

    public static string ValuesYaml => File.ReadAllText(Path.Combine(Folder, "values.yaml"));

    public static string Schema => File.ReadAllText(Path.Combine(Folder, "values.schema.json"));

    /// <summary>Every template, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Templates =>
        Directory.GetFiles(Path.Combine(Folder, "templates")).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    /// <summary>YAML as JSON text, with scalars typed the way Helm reads them (numbers, booleans).</summary>
    public static string ToJson(string yaml)
    {
        var data = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        return new SerializerBuilder().JsonCompatible().Build().Serialize(data!);
    }

    public static JsonNode Values => JsonNode.Parse(ToJson(ValuesYaml))!;

    static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Orchestrator.sln above the test's folder");
    }
}
