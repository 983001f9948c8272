using System.Globalization;
using System.Text.Json;

namespace Warehouse.Etl.Landing;

/// <summary>
/// The watermark of incremental streams: a record's update time in UTC as sortable text (so the greatest
/// is the newest), stored as the stream's cursor in etl.source_state.
/// </summary>
public static class Watermark
{
    private const string Format = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>The first of <paramref name="properties"/> that holds a parsable time, as a watermark.</summary>
    public static string? Of(JsonElement record, params string[] properties)
    {
        foreach (var name in properties)
        {
            var value = record.Property(name);
            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public static DateTime Parse(string watermark) =>
        DateTime.Parse(watermark, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
