using System.Text.Json;

namespace Orchestrator.Contracts.Specs;

/// <summary>Collects the problems of a spec, with the checks every section shares.</summary>
sealed class SpecErrors
{
    readonly List<SpecError> errors = new();

    public IReadOnlyList<SpecError> All => errors;

    public void Add(string field, string problem) => errors.Add(new SpecError(field, problem));

    /// <summary>Reports a field that is required but absent; returns true when present.</summary>
    public bool Required<T>(string field, T? value)
    {
        if (value is not null) return true;
        Add(field, "required but missing");
        return false;
    }

    /// <summary>Reports a field given for a kind that does not use it.</summary>
    public void NotUsed<T>(string field, T? value, string reason)
    {
        if (value is not null) Add(field, $"not used {reason}; remove it");
    }

    /// <summary>Checks a name against the allowed ones; returns true when it is one of them.</summary>
    public bool OneOf(string field, string? value, IReadOnlyList<string> allowed)
    {
        if (value is null || allowed.Contains(value)) return value is not null;
        Add(field, $"unknown value '{Shorten(value)}' (expected one of: {string.Join(", ", allowed)})");
        return false;
    }

    public void Finite(string field, double? value)
    {
        if (value is { } v && !double.IsFinite(v)) Add(field, $"must be a finite number, got {v}");
    }

    public void Range(string field, double? value, double min, double max)
    {
        if (value is not { } v) return;
        if (!double.IsFinite(v)) Add(field, $"must be a finite number, got {v}");
        else if (v < min || v > max) Add(field, $"must be between {min} and {max}, got {v}");
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max)) Add(field, $"must be between {min} and {max}, got {v}");
    }

    /// <summary>Checks every entry of a vector is finite; returns true when all are.</summary>
    public bool AllFinite(string field, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i])) continue;
            Add($"{field}[{i}]", $"must be a finite number, got {values[i]}");
            return false;
        }
        return true;
    }

    /// <summary>Reports the fields of a section that no spec has, suggesting the nearest known name.</summary>
    public void UnknownFields(string section, Dictionary<string, JsonElement>? unknown, Type sectionType)
    {
        if (unknown is null) return;
        var known = sectionType.GetProperties()
            .Where(p => p.Name != "Unknown")
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToArray();
        foreach (var name in unknown.Keys)
        {
            var nearest = known.OrderBy(k => EditDistance(k.ToLowerInvariant(), name.ToLowerInvariant())).First();
            var hint = EditDistance(nearest.ToLowerInvariant(), name.ToLowerInvariant()) <= 2 ? $" (did you mean '{nearest}'?)" : "";
            Add(section.Length == 0 ? Shorten(name) : $"{section}.{Shorten(name)}", $"unknown field{hint}; known fields: {string.Join(", ", known)}");
        }
    }

    static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    static int EditDistance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
