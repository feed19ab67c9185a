using Microsoft.Extensions.Options;
using Orchestrator.Grains.Hosting;

namespace Orchestrator.Silo;

/// <summary>
/// Reads the "Steer" section into the host's and the cluster's options and checks it all before anything starts: a
/// value that does not convert, an unknown setting (a typo would otherwise be silently ignored) and every rule of
/// both options, each problem naming its setting. A host that serves the job API needs Steer:ApiKeys unless it is a
/// silo on its own (both roles, localhost clustering): then the API is open, as the embedded default is.
/// </summary>
public static class SteerSettings
{
    public static (SteerHostOptions Host, SteerClusterOptions Cluster) Read(IConfiguration configuration, bool servesApi = false)
    {
        var section = configuration.GetSection(SteerClusterOptions.Section);
        var problems = new List<string>();
        var host = Bind<SteerHostOptions>(section, problems);
        var cluster = Bind<SteerClusterOptions>(section, problems);
        var known = typeof(SteerHostOptions).GetProperties().Concat(typeof(SteerClusterOptions).GetProperties())
            .Where(p => p.CanWrite).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var unknown in section.GetChildren().Where(c => !known.Contains(c.Key)))
            problems.Add($"{unknown.Path} is not a setting; the settings are {string.Join(", ", known.Order())}");
        problems.AddRange(host.Problems());
        problems.AddRange(cluster.Validate());
        var alone = cluster.IsCoordinator && cluster.IsWorker && cluster.Clustering == "localhost";
        // Roles that are not valid are reported above; whether keys are needed then is beside the point.
        if (servesApi && string.IsNullOrWhiteSpace(host.ApiKeys) && !alone && (cluster.IsCoordinator || cluster.IsWorker))
            problems.Add("Steer:ApiKeys is required (comma-separated keys for the job API) unless the silo runs alone (Steer:Roles coordinator,worker and localhost clustering)");
        if (problems.Count > 0) throw new OptionsValidationException(SteerClusterOptions.Section, typeof(SteerHostOptions), problems.Distinct());
        return (host, cluster);
    }

    /// <summary>Property by property, so that every value that does not convert is reported, not just the first.</summary>
    static T Bind<T>(IConfigurationSection section, List<string> problems) where T : new()
    {
        var options = new T();
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanWrite))
        {
            var setting = section.GetSection(property.Name);
            if (setting.Value is null) continue;
            try
            {
                property.SetValue(options, setting.Get(property.PropertyType));
            }
            catch (InvalidOperationException e)
            {
                // "Failed to convert configuration value 'abc' at 'Steer:Capacity' to type 'System.Int32'."
                problems.Add(e.Message);
            }
        }
        return options;
    }
}
