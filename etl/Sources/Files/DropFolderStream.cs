using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// A stream fed by a drop folder (<c>Sources:Files:Root</c>/&lt;stream&gt;): every CSV or JSON-lines file is
/// loaded once, known by its name and content hash, and moved to <c>processed/</c> once its landing
/// committed. CSV rows become JSON objects keyed by the header, so mapping is the same as for APIs. A CSV
/// file whose header lacks a required column is refused whole: moved to <c>rejected/</c>, named in an error,
/// and the run fails once the other files have loaded.
/// </summary>
public abstract class DropFolderStream<TStaging>(DropFolder folder, WarehouseDatabase database, DropStreamSettings settings) : SourceStream<TStaging> where TStaging : class, Schema.Stg.IStagingRow
{
    private readonly List<(string Path, string Hash, (long Length, DateTime Written) Read, (long Records, long Blank, bool Csv)? Counted)> filesRead = [];
    private readonly List<(string Path, string Reason)> filesRejected = [];

    /// <summary>The source instance of the last read (files loaded are recorded under it).</summary>
    private string source = SourceNames.Files;

    private WarehouseSettings? warehouseSettings;

    /// <summary>Columns a CSV file must have; a file without one of them is refused whole.</summary>
    protected abstract IReadOnlyList<string> RequiredColumns { get; }

    /// <summary>The stream's settings (Sources:Files:&lt;stream&gt;).</summary>
    protected DropStreamSettings Settings => settings;

    /// <summary>The zone of timestamps written without an offset (Sources:Files:&lt;stream&gt;:TimeZone).</summary>
    protected TimeZoneInfo Zone => zone ??= settings.Zone($"Sources:Files:{Name}");

    private TimeZoneInfo? zone;

    public string Folder => Path.Combine(folder.Root, Name);

    /// <summary>The name of the file a record came from (its origin is "name line N").</summary>
    protected static string? FileOf(SourceRecord record) => Place(record).File;

    /// <summary>
    /// The record's place in this landing: the file's place in the read order (files are read in name order),
    /// then its line. Where two files of one run hold the same record, the later one wins, as a later run's would.
    /// </summary>
    protected long ReadOrderOf(SourceRecord record)
    {
        var (file, line) = Place(record);
        return (fileOrder.TryGetValue(file ?? "", out var order) ? order : 0) * (1L << 32) + line;
    }

    private static (string? File, long Line) Place(SourceRecord record) => SourceRecord.Place(record.Origin);

    private readonly Dictionary<string, long> fileOrder = new(StringComparer.Ordinal);

    public override IReadOnlyList<string> RejectedFiles => filesRejected.Select(f => f.Reason).ToList();

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        filesRead.Clear();
        filesRejected.Clear();
        fileOrder.Clear();
        source = context.Instance.Key;
        warehouseSettings = context.Settings;
        _ = Zone; // an unknown time zone fails the stream before any file is read, naming the setting
        if (!Directory.Exists(Folder)) yield break;
        var loaded = await LoadedHashesAsync(ct);
        var files = Directory.EnumerateFiles(Folder)
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        // Links, pipes and other special entries are never opened: they go to rejected/ with the reason.
        foreach (var entry in files.ToList())
        {
            if (RegularFile.NotRegular(entry) is not { } why) continue;
            files.Remove(entry);
            filesRejected.Add((entry, $"{Path.GetFileName(entry)}: {why}; moved to {Name}/rejected/"));
        }

        var (ready, waiting) = await folder.SettledAsync(files, ct);
        foreach (var file in waiting)
        {
            Log.Warning("{Stream}: {File} is left for the next run: {Why}", Name, Path.GetFileName(file),
                folder.RequireDoneMarker ? $"no {Path.GetFileName(file)}{DropFolder.DoneSuffix} marker yet" : $"it changed within the last {folder.SettleTime.TotalSeconds:0.#} s (still being written?)");
        }

        foreach (var file in ready)
        {
            string hash;
            try
            {
                hash = await HashAsync(file, ct);
            }
            catch (NotARegularFileException ex)
            {
                filesRejected.Add((file, $"{ex.Message}; moved to {Name}/rejected/"));
                continue;
            }

            if (loaded.Contains((Path.GetFileName(file), hash)))
            {
                filesRead.Add((file, hash, DropFolder.Snapshot(file), null));
                continue;
            }

            if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && await MissingColumnsAsync(file) is { Count: > 0 } missing)
            {
                filesRejected.Add((file, $"{Path.GetFileName(file)} lacks the required column(s) {string.Join(", ", missing)} (required: {string.Join(", ", RequiredColumns)}); moved to {Name}/rejected/ for a corrected copy"));
                continue;
            }

            // The bytes parsed are hashed as they are read: a file that changed since it was hashed fails the landing.
            var name = Path.GetFileName(file);
            fileOrder[name] = fileOrder.Count + 1;
            var isCsv = file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            var counter = new FileRecordCounter(isCsv);
            using var content = new HashingFileStream(RegularFile.OpenRead(file), counter);
            using var text = new StreamReader(content, detectEncodingFromByteOrderMarks: true);
            var records = isCsv ? ReadCsvAsync(text, name, ct) : ReadJsonLinesAsync(text, name, ct);
            await foreach (var record in records) yield return record;
            var read = content.Finish();
            if (read.Hash != hash || read.Length != new FileInfo(file).Length)
            {
                throw new IOException($"{Name}/{name} changed while it was being loaded ({read.Length:N0} bytes read, {new FileInfo(file).Length:N0} now): it is still being written. " +
                    $"Nothing of this landing is kept; the next run loads the file again (raise Sources:Files:SettleTime, or set Sources:Files:RequireDoneMarker).");
            }

            var (counted, blank) = counter.Finish();
            filesRead.Add((file, hash, DropFolder.Snapshot(file), (counted, blank, isCsv)));
        }
    }

    public override async Task OnLandingAsync(DataConnection db, long loadId, IReadOnlyDictionary<string, FileTally> byFile, CancellationToken ct)
    {
        foreach (var (file, hash, _, counted) in filesRead)
        {
            var name = Path.GetFileName(file);
            if (await db.GetTable<EtlLoadedFile>().AnyAsync(f => f.Source == source && f.Stream == Name && f.FileName == name && f.ContentHash == hash, ct)) continue;
            var tally = byFile.GetValueOrDefault(name) ?? new FileTally();
            var now = DateTime.UtcNow;
            await db.InsertAsync(new EtlLoadedFile
            {
                Source = source, Stream = Name, FileName = name, ContentHash = hash, LoadId = loadId, LoadedAt = now, LoadedDateKey = warehouseSettings?.DateKeyOf(now),
                // A CSV file's first record is its header.
                RecordsRead = counted?.Records + counted?.Blank, HeaderRecords = counted is { Csv: true, Records: > 0 } ? 1 : 0, BlankRecords = counted?.Blank,
                RecordsLanded = tally.Landed, RecordsQuarantined = tally.Quarantined,
            }, token: ct);
        }
    }

    /// <summary>
    /// Done files leave the drop folder; a file met again after a crash is already recorded and only moved.
    /// A file that changed after it was read (rows appended while a later file was landing) is moved back:
    /// its new content has a new hash, so the next run loads it whole (the rows already loaded are replaced by key).
    /// </summary>
    public override Task OnCommittedAsync(CancellationToken ct)
    {
        var done = Path.Combine(Folder, "processed");
        Directory.CreateDirectory(done);
        foreach (var (file, _, read, _) in filesRead)
        {
            var moved = Path.Combine(done, Path.GetFileName(file));
            File.Move(file, moved, overwrite: true);
            if (DropFolder.Snapshot(moved) != read && !File.Exists(file))
            {
                File.Move(moved, file);
                Log.Warning("{Stream}: {File} changed after it was read ({Length:N0} bytes then, {Now:N0} now): it stays for the next run, which loads it again",
                    Name, Path.GetFileName(file), read.Length, new FileInfo(file).Length);
                continue;
            }

            if (File.Exists(file + DropFolder.DoneSuffix)) File.Move(file + DropFolder.DoneSuffix, Path.Combine(done, Path.GetFileName(file) + DropFolder.DoneSuffix), overwrite: true);
        }

        filesRead.Clear();
        if (filesRejected.Count > 0)
        {
            var rejected = Path.Combine(Folder, "rejected");
            Directory.CreateDirectory(rejected);
            foreach (var (file, _) in filesRejected) File.Move(file, Path.Combine(rejected, Path.GetFileName(file)), overwrite: true);
        }

        return Task.CompletedTask;
    }

    private async Task<List<string>> MissingColumnsAsync(string file)
    {
        using var text = new StreamReader(RegularFile.OpenRead(file));
        using var reader = new CsvRecordGuard(text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        var header = await csv.ReadAsync() && csv.ReadHeader() ? csv.HeaderRecord ?? [] : [];
        return RequiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
    }

    private async Task<HashSet<(string, string)>> LoadedHashesAsync(CancellationToken ct)
    {
        await using var db = database.Open();
        var rows = await db.GetTable<EtlLoadedFile>().Where(f => f.Source == source && f.Stream == Name).Select(f => new { f.FileName, f.ContentHash }).ToListAsync(ct);
        return rows.Select(r => (r.FileName, r.ContentHash)).ToHashSet();
    }

    private static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = RegularFile.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static async IAsyncEnumerable<SourceRecord> ReadCsvAsync(TextReader file, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        string? badData = null;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => badData ??= args.Field,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        using var guard = new CsvRecordGuard(file);
        using var csv = new CsvReader(guard, configuration);
        if (!await csv.ReadAsync()) yield break;
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            var line = csv.Parser.RawRow;
            var origin = $"{name} line {line}";
            // The fields are parsed lazily, and a quote inside an unquoted field is only seen then.
            badData = null;
            var fields = csv.Parser.Record!;
            var raw = csv.Parser.RawRecord.TrimEnd('\r', '\n');
            if (fields is [CsvRecordGuard.Marker] && guard.TakeSetAside(line) is { } setAside)
            {
                yield return SourceRecord.Unparsable(setAside.Line, setAside.Reason, origin);
            }
            else if (badData is not null)
            {
                yield return SourceRecord.Unparsable(raw, $"malformed CSV: a quote inside the unquoted field '{Cut(badData)}' (quote the whole field and double the quote)", origin);
            }
            else if (fields.Length != header.Length)
            {
                yield return SourceRecord.Unparsable(raw, $"{fields.Length} fields where the header has {header.Length} (truncated or malformed row)", origin);
            }
            else
            {
                yield return ToRecord(header, fields, raw, origin);
            }
        }
    }

    /// <summary>The longest JSON-lines record, in characters: a longer line is quarantined (its first 100,000 characters) and skipped.</summary>
    public const int MaxJsonRecordLength = 1_000_000;

    private static string Cut(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static async IAsyncEnumerable<SourceRecord> ReadJsonLinesAsync(TextReader file, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        var number = 0;
        var lines = new BoundedLineReader(file, MaxJsonRecordLength);
        while (lines.Next() is var (line, tooLong))
        {
            number++;
            ct.ThrowIfCancellationRequested();
            if (tooLong)
            {
                yield return SourceRecord.Unparsable(line[..CsvRecordGuard.MaxRecordLength], $"a JSON line longer than {MaxJsonRecordLength:N0} characters (the rest of the line was skipped)", $"{name} line {number}");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument? document = null;
            string? error = null;
            try { document = JsonDocument.Parse(line); }
            catch (JsonException ex) { error = ex.Message; }
            if (document is not null && line.Contains("\\u", StringComparison.OrdinalIgnoreCase) && !Readable(document.RootElement))
            {
                document.Dispose();
                document = null;
                error = "a string holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text";
            }

            if (document is null)
            {
                yield return SourceRecord.Unparsable(line, $"malformed JSON: {error}", $"{name} line {number}");
                continue;
            }

            using (document) yield return new SourceRecord(document.RootElement, null, Raw: line, Origin: $"{name} line {number}");
        }
    }

    // JSON allows escapes of lone surrogates (\ud800) that no string can be read from: such a record is malformed.
    private static bool Readable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(Readable);
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => p.Name is not null && Readable(p.Value)); // reading a name throws as reading a string does
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static SourceRecord ToRecord(string[] header, string[] values, string raw, string origin)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < header.Length; i++) writer.WriteString(header[i], values[i]);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return new SourceRecord(document.RootElement.Clone(), null, Raw: raw, Origin: origin);
    }
}
