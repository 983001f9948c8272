using System.Globalization;
using System.Text.Json;

namespace Warehouse.Etl.Landing;

/// <summary>
/// Typed reads of a source record's fields. A missing key, a wrong type or an unparsable date
/// rejects the record with a reason that names the field.
/// </summary>
public static class JsonFields
{
    /// <summary>Dates beyond this many days ahead of now are treated as out of range.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(2);

    public static string RequiredId(this JsonElement json, string name) =>
        OptionalId(json, name) ?? throw new RecordRejectedException($"missing key '{name}'");

    /// <summary>Ids come as numbers or strings depending on the source; both are kept as text.</summary>
    public static string? OptionalId(this JsonElement json, string name) => Property(json, name) switch
    {
        { ValueKind: JsonValueKind.Number } p => p.GetRawText(),
        { ValueKind: JsonValueKind.String } p when p.GetString()!.Length > 0 => p.GetString(),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } => null,
        var p => throw new RecordRejectedException($"wrong type for '{name}': expected an id, found {p.ValueKind}"),
    };

    public static string RequiredString(this JsonElement json, string name) =>
        OptionalString(json, name) ?? throw new RecordRejectedException($"missing value for '{name}'");

    public static string? OptionalString(this JsonElement json, string name, int maxLength = 1000)
    {
        var property = Property(json, name);
        var text = property.ValueKind switch
        {
            JsonValueKind.String => property.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.GetRawText(),
            _ => throw new RecordRejectedException($"wrong type for '{name}': expected text, found {property.ValueKind}"),
        };
        if (text is not null && text.Length > maxLength)
        {
            throw new RecordRejectedException($"value of '{name}' is {text.Length} characters long; at most {maxLength} are accepted");
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static DateTime RequiredTimestamp(this JsonElement json, string name, TimeZoneInfo? zoneWithoutOffset = null) =>
        OptionalTimestamp(json, name, zoneWithoutOffset) ?? throw new RecordRejectedException($"missing date '{name}'");

    /// <summary>
    /// A timestamp returned in UTC. One with an offset (or Z) is taken as it says; one without is wall-clock
    /// time in <paramref name="zoneWithoutOffset"/> (UTC when none is given): a time that the zone skips at a
    /// daylight-saving change is rejected, an ambiguous one is taken as standard time.
    /// </summary>
    public static DateTime? OptionalTimestamp(this JsonElement json, string name, TimeZoneInfo? zoneWithoutOffset = null)
    {
        var text = OptionalString(json, name);
        if (text is null) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new RecordRejectedException($"unparsable date in '{name}': '{Truncate(text)}' (expected ISO 8601: yyyy-MM-ddTHH:mm:ss with an optional offset, e.g. 2026-03-01T09:30:00Z)");
        }

        if (zoneWithoutOffset is not null && !ReferenceEquals(zoneWithoutOffset, TimeZoneInfo.Utc) && zoneWithoutOffset.Id != "UTC" && !HasOffset(text))
        {
            var wallClock = DateTime.SpecifyKind(value.UtcDateTime, DateTimeKind.Unspecified);
            if (zoneWithoutOffset.IsInvalidTime(wallClock))
            {
                throw new RecordRejectedException($"'{name}' {text} does not exist in {zoneWithoutOffset.Id} (the clock skips it at the daylight-saving change)");
            }

            value = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wallClock, zoneWithoutOffset), TimeSpan.Zero);
        }

        if (value > DateTimeOffset.UtcNow + FutureTolerance)
        {
            throw new RecordRejectedException($"date in '{name}' is in the future: {value:o}");
        }

        return value.UtcDateTime;
    }

    private static bool HasOffset(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) && parsed.Kind != DateTimeKind.Unspecified;

    public static decimal RequiredDecimal(this JsonElement json, string name) =>
        OptionalDecimal(json, name) ?? throw new RecordRejectedException($"missing amount '{name}'");

    /// <summary>Money comes as a string ("199.00") in Shopify and as a number elsewhere.</summary>
    public static decimal? OptionalDecimal(this JsonElement json, string name)
    {
        var property = Property(json, name);
        switch (property.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Number when property.TryGetDecimal(out var number):
                return number;
            case JsonValueKind.String when property.GetString() is { Length: 0 }:
                return null;
            case JsonValueKind.String when decimal.TryParse(property.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw new RecordRejectedException($"wrong type for '{name}': expected a number, found '{Truncate(property.GetRawText())}'");
        }
    }

    public static int RequiredInt(this JsonElement json, string name) =>
        OptionalInt(json, name) ?? throw new RecordRejectedException($"missing number '{name}'");

    public static int? OptionalInt(this JsonElement json, string name)
    {
        var value = OptionalDecimal(json, name);
        if (value is null) return null;
        if (value != decimal.Truncate(value.Value) || value > int.MaxValue || value < int.MinValue)
        {
            throw new RecordRejectedException($"'{name}' is not a whole number: {value}");
        }

        return (int)value.Value;
    }

    public static bool? OptionalBool(this JsonElement json, string name)
    {
        var property = Property(json, name);
        return property.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String when bool.TryParse(property.GetString(), out var b) => b,
            JsonValueKind.String when property.GetString() is "1" or "0" => property.GetString() == "1",
            JsonValueKind.String when property.GetString() is { Length: 0 } => null,
            _ => throw new RecordRejectedException($"wrong type for '{name}': expected true or false, found '{Truncate(property.GetRawText())}'"),
        };
    }

    public static JsonElement Property(this JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) ? value : default;

    public static IEnumerable<JsonElement> Array(this JsonElement json, string name)
    {
        var property = Property(json, name);
        return property.ValueKind switch
        {
            JsonValueKind.Array => property.EnumerateArray(),
            JsonValueKind.Null or JsonValueKind.Undefined => [],
            _ => throw new RecordRejectedException($"wrong type for '{name}': expected a list, found {property.ValueKind}"),
        };
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
