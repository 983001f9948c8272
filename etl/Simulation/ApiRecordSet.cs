using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Warehouse.Etl.Simulation;

/// <summary>
/// The records one API endpoint serves, ordered by updated_at then id, as the service pages them.
/// Records stay in their JSON-lines file; only their offsets and update times are held in memory.
/// </summary>
public sealed class ApiRecordSet
{
    private readonly string? path;
    private readonly List<(DateTime UpdatedAt, long Id, long Offset, int Length)> index;
    private readonly List<string>? inMemory;

    private ApiRecordSet(string? path, List<(DateTime, long, long, int)> index, List<string>? inMemory)
    {
        this.path = path;
        this.index = index;
        this.inMemory = inMemory;
    }

    public int Count => index.Count;

    public static ApiRecordSet FromJsonLines(string path, string updatedAtProperty = "updated_at", Func<string, bool>? include = null)
    {
        var index = new List<(DateTime, long, long, int)>();
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long offset = 0;
        while (reader.ReadLine() is { } line)
        {
            var length = Encoding.UTF8.GetByteCount(line);
            if (line.Length > 0 && (include is null || include(line))) index.Add((UpdatedAt(line, updatedAtProperty), Id(line), offset, length));
            offset += length + 1;
        }

        index.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2.CompareTo(b.Item2));
        return new ApiRecordSet(path, index, null);
    }

    /// <summary>Records held in memory (tests).</summary>
    public static ApiRecordSet FromJson(IEnumerable<string> records, string updatedAtProperty = "updated_at", Func<string, bool>? include = null)
    {
        var list = records.Where(r => include is null || include(r)).ToList();
        var index = list.Select((json, i) => (UpdatedAt(json, updatedAtProperty), Id(json), (long)i, 0)).ToList();
        index.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2.CompareTo(b.Item2));
        return new ApiRecordSet(null, index, list);
    }

    /// <summary>Position of the first record updated at or after <paramref name="since"/>.</summary>
    public int FirstUpdatedSince(DateTime? since)
    {
        if (since is null) return 0;
        int low = 0, high = index.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (index[mid].UpdatedAt < since.Value) low = mid + 1; else high = mid;
        }

        return low;
    }

    /// <summary>Position of the first record after (updated_at, id): an incremental cursor that survives records moving on update.</summary>
    public int FirstAfter(DateTime updatedAt, long id)
    {
        int low = 0, high = index.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            var entry = index[mid];
            if (entry.UpdatedAt < updatedAt || (entry.UpdatedAt == updatedAt && entry.Id <= id)) low = mid + 1; else high = mid;
        }

        return low;
    }

    /// <summary>Positions of the records updated at or after <paramref name="since"/>, in id order (a list sorted by id).</summary>
    public IReadOnlyList<int> ByIdUpdatedSince(DateTime? since) =>
        Enumerable.Range(FirstUpdatedSince(since), index.Count - FirstUpdatedSince(since)).OrderBy(p => index[p].Id).ToList();

    /// <summary>The records at the given positions, in that order, reading the file once.</summary>
    public async Task<IReadOnlyList<string>> ReadAtAsync(IReadOnlyList<int> positions, CancellationToken ct)
    {
        if (inMemory is not null) return positions.Select(p => inMemory[(int)index[p].Offset]).ToList();
        var records = new List<string>(positions.Count);
        await using var stream = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        foreach (var position in positions)
        {
            var entry = index[position];
            var buffer = new byte[entry.Length];
            stream.Seek(entry.Offset, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(buffer, ct);
            records.Add(Encoding.UTF8.GetString(buffer));
        }

        return records;
    }

    /// <summary>Sort key (updated_at, id) of the record at a position.</summary>
    public (DateTime UpdatedAt, long Id) KeyAt(int position) => (index[position].UpdatedAt, index[position].Id);

    public async Task<IReadOnlyList<string>> ReadAsync(int start, int count, CancellationToken ct)
    {
        var slice = index.Skip(start).Take(count).ToList();
        if (inMemory is not null) return slice.Select(e => inMemory[(int)e.Offset]).ToList();
        var records = new List<string>(slice.Count);
        await using var stream = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        foreach (var entry in slice)
        {
            var buffer = new byte[entry.Length];
            stream.Seek(entry.Offset, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(buffer, ct);
            records.Add(Encoding.UTF8.GetString(buffer));
        }

        return records;
    }

    private static DateTime UpdatedAt(string json, string property)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        // Intercom writes times as Unix seconds.
        if (root.TryGetProperty(property, out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt64(out var unix)) return DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime;
        var text = root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : DateTime.MinValue;
    }

    private static long Id(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("id", out var id)) return 0;
        return id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var n) ? n
            : id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), System.Globalization.NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
    }
}
