using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Contracts.Results;

/// <summary>
/// Writes number arrays on one line even in indented JSON, and arrays of them one row per line,
/// so result.json holds one line per particle instead of one per number (4,096 2-D samples:
/// 4k lines instead of 16k). NaN and infinities are written as the strings "NaN", "Infinity",
/// "-Infinity", as the shared options read them.
/// </summary>
sealed class InlineNumberArrays : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(double[]) || typeToConvert == typeof(float[]) || typeToConvert == typeof(double[][]) || typeToConvert == typeof(float[][])
        || typeToConvert == typeof(long[][]);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        if (typeToConvert == typeof(double[])) return new Converter<double>(v => v);
        if (typeToConvert == typeof(float[])) return new Converter<float>(v => v);
        if (typeToConvert == typeof(double[][])) return new RowsConverter<double>(new Converter<double>(v => v));
        if (typeToConvert == typeof(long[][])) return new RowsConverter<long>(new Converter<long>(v => v));
        return new RowsConverter<float>(new Converter<float>(v => v));
    }

    /// <summary>An array of number arrays: one row per line, indented to the writer's depth.</summary>
    sealed class RowsConverter<T>(Converter<T> row) : JsonConverter<T[][]>
    {
        public override T[][]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array of arrays, got {reader.TokenType}");
            var rows = new List<T[]>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                rows.Add(row.Read(ref reader, typeof(T[]), options)!);
            return rows.ToArray();
        }

        public override void Write(Utf8JsonWriter writer, T[][] value, JsonSerializerOptions options)
        {
            var outer = new string(' ', 2 * writer.CurrentDepth);
            var text = new StringBuilder("[");
            for (int i = 0; i < value.Length; i++)
                text.Append(i > 0 ? "," : "").Append('\n').Append(outer).Append("  ").Append(row.Format(value[i]));
            writer.WriteRawValue(text.Append('\n').Append(outer).Append(']').ToString(), skipInputValidation: true);
        }
    }

    sealed class Converter<T>(Func<T, double> widen) : JsonConverter<T[]>
    {
        public override T[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array of numbers, got {reader.TokenType}");
            var values = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                values.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            return values.ToArray();
        }

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options) =>
            writer.WriteRawValue(Format(value), skipInputValidation: true);

        public string Format(T[] values) => "[" + string.Join(", ", values.Select(FormatNumber)) + "]";

        string FormatNumber(T value)
        {
            var wide = widen(value);
            if (double.IsNaN(wide)) return "\"NaN\"";
            if (double.IsInfinity(wide)) return wide > 0 ? "\"Infinity\"" : "\"-Infinity\"";
            // Shortest round-trip form of the value's own type (float samples stay short).
            return value switch
            {
                float f => f.ToString("R", CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                _ => wide.ToString("R", CultureInfo.InvariantCulture),
            };
        }
    }
}
