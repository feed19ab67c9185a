using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Specs;

/// <summary>Reads and writes job specs as JSON, turning every syntax or type problem into a <see cref="SpecError"/>.</summary>
public static class JobSpecJson
{
    /// <summary>The serializer settings of specs and results: camelCase, comments and trailing commas allowed,
    /// "NaN" and "Infinity" read as numbers so that validation can name them.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
        WriteIndented = true,
    };

    /// <summary>Parses and validates a spec; on failure returns no spec and every problem found.</summary>
    public static (JobSpec? Spec, IReadOnlyList<SpecError> Errors) Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, [new SpecError("$", "the spec is empty")]);
        JobSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<JobSpec>(json, Options);
        }
        catch (JsonException e)
        {
            return (null, [Describe(e)]);
        }
        if (spec is null) return (null, [new SpecError("$", "expected a JSON object, got null")]);
        var errors = JobSpecValidator.Validate(spec);
        return errors.Count == 0 ? (spec, errors) : (null, errors);
    }

    /// <summary>Parses and validates a spec, throwing <see cref="InvalidSpecException"/> on any problem.</summary>
    public static JobSpec ParseValid(string json)
    {
        var (spec, errors) = Parse(json);
        return spec ?? throw new InvalidSpecException(errors);
    }

    public static string Serialize(JobSpec spec) => JsonSerializer.Serialize(spec, Options);

    static SpecError Describe(JsonException e)
    {
        var field = FieldOf(e.Path);
        var where = e.LineNumber is { } line ? $" (line {line + 1}, column {e.BytePositionInLine + 1})" : "";
        var expected = ExpectedType(e.Path);
        // The reader wraps its own errors (broken text, too deep) in an inner JsonException;
        // anything else is a value of the wrong type for its field.
        var readerError = e.InnerException as JsonException;
        var problem = (readerError ?? e).Message.Contains("maximum configured depth", StringComparison.Ordinal)
            ? "nested too deeply"
            : readerError is not null
                ? "is not valid JSON"
                : expected is null ? "has the wrong type" : $"expected {expected}";
        return new SpecError(field, problem + where);
    }

    static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>What the property at a JSON path holds, in words, found by walking the spec types.</summary>
    static string? ExpectedType(string? path)
    {
        if (path is null) return "a JSON object";
        var type = typeof(JobSpec);
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            var property = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null) return null;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            for (int depth = segment.Count(c => c == '['); depth > 0 && type.IsArray; depth--) type = type.GetElementType()!;
        }
        return Describe(type);
    }

    static string Describe(Type type) =>
        type == typeof(int) ? "a whole number (32-bit)"
        : type == typeof(long) ? "a whole number (64-bit)"
        : type == typeof(double) ? "a number"
        : type == typeof(string) ? "a string"
        : type == typeof(double[]) ? "a list of numbers"
        : type == typeof(double[][]) ? "a list of lists of numbers"
        : type.IsClass ? "a JSON object"
        : type.Name;
}
