namespace Warehouse.Etl.Sources.Files;

/// <summary>Settings of one drop stream (<c>Sources:Files:&lt;stream&gt;</c>, e.g. <c>Sources:Files:surveys:TimeZone</c>).</summary>
public sealed class DropStreamSettings
{
    /// <summary>IANA zone of timestamps written without an offset (default UTC); those with an offset keep it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Surveys: score codes that mean "not applicable" (for example 0 on a 1–5 item, or "N/A"). An answer with
    /// such a code, outside the survey's scale, or with a blank score is counted as skipped, not quarantined.
    /// </summary>
    public List<string> NotApplicable { get; set; } = [];

    public TimeZoneInfo Zone(string key) => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone)
        ? zone
        : throw new InvalidOperationException($"{key}:TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin).");
}
