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

    public static SourceRecord Unparsable(string raw, string reason, string? origin = null) => new(default, null, reason, raw, origin);
}
