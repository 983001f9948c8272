using Warehouse.Engines;

namespace Warehouse.Kpis;

/// <summary>
/// Business time in SQL, from dw.business_interval: the business seconds elapsed up to an instant are
/// the seconds of all earlier intervals plus the part of the interval it falls in; the business time
/// between two instants is the difference. Set-based, and right across holidays and daylight saving.
/// </summary>
public static class BusinessTime
{
    public static string SecondsUpTo(SqlDialect d, string at) =>
        $"COALESCE((SELECT bi.seconds_before + CASE WHEN {at} >= bi.interval_end THEN {d.SecondsBetween("bi.interval_start", "bi.interval_end")} " +
        $"WHEN {at} <= bi.interval_start THEN 0 ELSE {d.SecondsBetween("bi.interval_start", at)} END " +
        $"FROM dw.business_interval bi WHERE {(d.IndexSeeksGreatestStart
            ? $"bi.interval_start = (SELECT MAX(b2.interval_start) FROM dw.business_interval b2 WHERE b2.interval_start <= {at})"
            : $"bi.interval_start <= {at}")} AND {at} < bi.next_start), 0)";

    /// <summary>Business minutes from one instant to another; NULL when either is NULL.</summary>
    public static string MinutesBetween(SqlDialect d, string from, string to) =>
        $"CASE WHEN {from} IS NULL OR {to} IS NULL THEN NULL ELSE ({SecondsUpTo(d, to)} - {SecondsUpTo(d, from)}) / 60.0 END";

    /// <summary>Calendar minutes: elapsed seconds / 60, never minute boundaries crossed.</summary>
    public static string CalendarMinutesBetween(SqlDialect d, string from, string to) => $"({d.SecondsBetween(from, to)} / 60.0)";
}
