using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Warehouse.Etl.Demo;

/// <summary>
/// Writers for the demo data set: one JSON object per line for API records (each exactly as it appears
/// in the API's list), CSV for file drops (one file per month). Records are written as they are made.
/// </summary>
internal sealed class DemoOutput(string root) : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Dictionary<string, StreamWriter> writers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => counts;

    public void Json(string source, string stream, object record)
    {
        var writer = Writer(Path.Combine(root, "api", source, stream + ".jsonl"), null);
        writer.Write(JsonSerializer.Serialize(record));
        writer.Write('\n');
        Count($"{source}/{stream}");
    }

    /// <summary>A CSV row in the month file of a drop folder stream; the header is written first.</summary>
    public void Csv(string stream, DateTime month, string header, params object?[] values)
    {
        var file = Path.Combine(root, "files", stream, $"{Prefix(stream)}_{month:yyyy_MM}.csv");
        var writer = Writer(file, header);
        writer.Write(string.Join(",", values.Select(Field)));
        writer.Write('\n');
        Count($"files/{stream}");
    }

    private static string Prefix(string stream) => stream switch { "web_sessions" => "sessions", "surveys" => "survey_answers", _ => "spend" };

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private StreamWriter Writer(string path, string? header)
    {
        if (writers.TryGetValue(path, out var writer)) return writer;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        writer = new StreamWriter(path, append: false, Utf8, 1 << 16) { NewLine = "\n" };
        if (header is not null) writer.Write(header + "\n");
        writers[path] = writer;
        return writer;
    }

    private void Count(string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in writers.Values) await writer.DisposeAsync();
        writers.Clear();
    }
}
