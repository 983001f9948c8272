namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// The drop folder and when one of its files is complete. A writer that is still appending must not be cut:
/// a file is taken once its size and modification time have stayed the same for <see cref="SettleTime"/>
/// (<c>Sources:Files:SettleTime</c>), or, with <see cref="RequireDoneMarker"/>, only once a marker file
/// <c>&lt;name&gt;.done</c> sits beside it. Writers that write under another name (<c>.tmp</c>, <c>.partial</c>)
/// and rename when done need neither: only <c>.csv</c> and <c>.jsonl</c> files are read.
/// </summary>
public sealed record DropFolder(string Root, TimeSpan SettleTime, bool RequireDoneMarker)
{
    public const string DoneSuffix = ".done";

    /// <summary>The files that are complete, and those left for the next run because they are still changing or have no marker.</summary>
    public async Task<(List<string> Ready, List<string> Waiting)> SettledAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        if (RequireDoneMarker)
        {
            var marked = files.ToLookup(f => File.Exists(f + DoneSuffix));
            return (marked[true].ToList(), marked[false].ToList());
        }

        var before = files.ToDictionary(f => f, Snapshot);
        var now = DateTime.UtcNow;
        var youngest = before.Values.Select(s => now - s.Written).DefaultIfEmpty(SettleTime).Min();
        if (youngest >= SettleTime) return (files.ToList(), []);

        // Wait until the youngest file has been still for the settle time, then take those that did not change.
        var wait = SettleTime - (youngest < TimeSpan.Zero ? TimeSpan.Zero : youngest);
        await Task.Delay(wait, ct);
        var changed = files.ToLookup(f => Snapshot(f) != before[f]);
        return (changed[false].ToList(), changed[true].ToList());
    }

    /// <summary>A file's size and last write, to tell whether it changed.</summary>
    public static (long Length, DateTime Written) Snapshot(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, DateTime.MinValue);
    }
}
