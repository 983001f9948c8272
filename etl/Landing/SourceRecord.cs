using System.Text.Json;

namespace Warehouse.Etl.Landing;

/// <summary>
/// One record as read from a source: its JSON (an API object, or a file row turned into an object),
/// the cursor value it advances the stream to, or the reason it could not even be parsed; a file's records
/// know where they came from (<see cref="Origin"/>: file and line), which the quarantine keeps beside the reason.
/// </summary>
public readonly record struct SourceRecord(JsonElement Json, string? Cursor, string? Malformed = null, string? Raw = null, string? Origin = null)
{
    public bool IsMalformed => Malformed is not null;

    /// <summary>The record as it came, for the quarantine.</summary>
    public string Payload => Raw ?? (Json.ValueKind == JsonValueKind.Undefined ? "" : Json.GetRawText());

    /// <summary>
    /// True for a page that could not be read (truncated, HTML with status 200) and ended its stream there: the
    /// stream did not read all it was asked for, so its cursor stays where it was and the run fails once the rest has
    /// loaded (a list not sorted by the cursor's field would otherwise move it past records it never read).
    /// </summary>
    public bool EndsStream { get; init; }

    /// <summary>The file and line of an origin ("name line N"); an origin without a line is all file name, line 0.</summary>
    public static (string? File, long Line) Place(string? origin)
    {
        if (origin is null) return (null, 0);
        var at = origin.LastIndexOf(" line ", StringComparison.Ordinal);
        if (at <= 0) return (origin, 0);
        return (origin[..at], long.TryParse(origin[(at + 6)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line) ? line : 0);
    }

    public static SourceRecord Unparsable(string raw, string reason, string? origin = null) => new(default, null, reason, raw, origin);

    /// <summary>A page that could not be read and ends its stream (<see cref="EndsStream"/>).</summary>
    public static SourceRecord UnreadablePage(string raw, string reason) => new(default, null, reason, raw) { EndsStream = true };
}
