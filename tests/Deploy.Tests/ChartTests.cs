using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;

namespace Orchestrator.Deploy.Tests;

/// <summary>
/// What can be checked of the Helm chart without Helm: its default values against its schema, that templates use
/// only values that exist (and every value is used), and the rules every release must keep.
/// </summary>
public class ChartTests
{
    static async Task<ICollection<NJsonSchema.Validation.ValidationError>> ValidateAsync(string valuesJson) =>
        (await JsonSchema.FromJsonAsync(Chart.Schema)).Validate(valuesJson);

    [Fact]
    public async Task DefaultValues_MatchTheSchema()
    {
        var errors = await ValidateAsync(Chart.ToJson(Chart.ValuesYaml));

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Theory]
    [InlineData("worker.gpus", "-1")]
    [InlineData("worker.capacity", "0")]
    [InlineData("ports.http", "70000")]
    [InlineData("image.pullPolicy", "\"Sometimes\"")]
    [InlineData("coordinator.replicas", "\"one\"")]
    public async Task AValueOutOfRange_IsRefusedByTheSchema_AtItsPath(string path, string json)
    {
        var values = Chart.Values;
        var parts = path.Split('.');
        values[parts[0]]![parts[1]] = JsonNode.Parse(json);

        var errors = await ValidateAsync(values.ToJsonString());

        Assert.Contains(errors, e => e.Path?.Replace("#/", "", StringComparison.Ordinal) == path);
    }

    [Fact]
    public async Task AnUnknownValue_IsRefused()
    {
        var values = Chart.Values;
        values["worker"]!["gpu"] = 1;   // a typo of gpus

        Assert.NotEmpty(await ValidateAsync(values.ToJsonString()));
    }

    static readonly Regex ValueReference = new(@"\.Values((?:\.[A-Za-z][A-Za-z0-9]*)+)", RegexOptions.Compiled);

    static IEnumerable<string> Leaves(JsonNode node, string prefix) => node switch
    {
        JsonObject obj when obj.Count > 0 && prefix.Split('.').Length < 4 && !prefix.EndsWith("resources", StringComparison.Ordinal) && !prefix.EndsWith("requests", StringComparison.Ordinal)
            => obj.SelectMany(p => Leaves(p.Value!, prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}")),
        _ => [prefix],
    };

    [Fact]
    public void EveryValueATemplateUses_IsDefined_AndEveryDefinedValueIsUsed()
    {
        var used = Chart.Templates.Values.SelectMany(t => ValueReference.Matches(t).Select(m => m.Groups[1].Value.TrimStart('.'))).ToHashSet();
        var values = Chart.Values;

        foreach (var path in used)
        {
            JsonNode? node = values;
            foreach (var part in path.Split('.')) node = node?[part];
            Assert.True(node is not null, $"a template uses .Values.{path}, which values.yaml does not define");
        }
        foreach (var leaf in Leaves(values, ""))
            Assert.True(used.Any(u => u == leaf || u.StartsWith(leaf + ".", StringComparison.Ordinal) || leaf.StartsWith(u + ".", StringComparison.Ordinal)),
                $"values.yaml defines {leaf}, which no template uses");
    }

    [Fact]
    public void SiloDeployments_RollOneAtATime_ProbeTheHealthEndpoints_AndOutwaitTheSilosShutdown()
    {
        var templates = Chart.Templates;
        foreach (var name in new[] { "coordinator.yaml", "worker.yaml" })
        {
            Assert.Contains("maxUnavailable: 0", templates[name]);
            Assert.Contains("include \"steer.probes\"", templates[name]);
            Assert.Contains("include \"steer.validate\"", templates[name]);
            Assert.Contains("terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}", templates[name]);
        }
        foreach (var endpoint in new[] { "/health/startup", "/health/ready", "/health/live" }) Assert.Contains(endpoint, templates["_helpers.tpl"]);
        var values = Chart.Values;
        Assert.True(values["terminationGracePeriodSeconds"]!.GetValue<int>() > values["shutdownSeconds"]!.GetValue<int>());
        Assert.Contains("nvidia.com/gpu", templates["worker.yaml"]);
        Assert.Contains("kind: PodDisruptionBudget", templates["disruption.yaml"]);
        Assert.Contains("kind: HorizontalPodAutoscaler", templates["autoscaling.yaml"]);
    }

    [Theory]
    [InlineData("coordinator")]
    [InlineData("worker")]
    public void EachRole_HasADockerfile_ThatPublishesTheSiloInThatRole(string role)
    {
        var dockerfile = File.ReadAllText(Path.Combine(Chart.DockerFolder, $"{role}.Dockerfile"));

        Assert.Contains("dotnet publish src/Silo", dockerfile);
        Assert.Contains($"Steer__Roles={role}", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Orchestrator.Silo.dll\"]", dockerfile);
    }
}
