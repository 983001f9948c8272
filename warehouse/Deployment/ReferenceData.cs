using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>
/// Rows the warehouse owns rather than loads: unknown members, channels, currencies and the calendar.
/// Every step inserts only what is missing and updates only what differs, so a second deploy changes nothing.
/// </summary>
internal static class ReferenceData
{
    public static async Task<int> SeedAsync(DataConnection db, WarehouseSettings settings, CancellationToken ct)
    {
        // The calendar never shrinks below the days the data already needed (see CalendarCoverage).
        settings = await CalendarCoverage.EffectiveAsync(db, settings, ct);
        var changes = 0;
        changes += await EnsureAsync(db, UnknownMembers.Date, d => d.DateKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Customer, d => d.CustomerKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Product, d => d.ProductKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Channel, d => d.ChannelKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Campaign, d => d.CampaignKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.LeadSource, d => d.LeadSourceKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Agent, d => d.AgentKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.TicketAttribute, d => d.TicketAttributeKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Survey, d => d.SurveyKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.EmployeeGroup, d => d.EmployeeGroupKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Currency, d => d.CurrencyKey == UnknownMembers.Key, ct);
        changes += await EnsureAsync(db, UnknownMembers.Company, d => d.CompanyKey == UnknownMembers.Key, ct);
        foreach (var channel in ChannelCatalogue.Rows)
        {
            var key = channel.ChannelKey;
            changes += await EnsureAsync(db, channel, d => d.ChannelKey == key, ct);
        }

        changes += await SeedCurrenciesAsync(db, settings, ct);
        changes += await SeedCalendarAsync(db, settings, ct);
        changes += await SeedBusinessHoursAsync(db, settings, ct);
        return changes;
    }

    private static async Task<int> EnsureAsync<T>(DataConnection db, T row, Expression<Func<T, bool>> identifies, CancellationToken ct)
        where T : class
    {
        if (await db.GetTable<T>().AnyAsync(identifies, ct)) return 0;
        return await db.InsertAsync(row, token: ct);
    }

    private static async Task<int> SeedCurrenciesAsync(DataConnection db, WarehouseSettings settings, CancellationToken ct)
    {
        var table = db.GetTable<DimCurrency>();
        var existing = await table.Where(c => c.CurrencyKey > 0).ToListAsync(ct);
        var nextKey = existing.Count == 0 ? 1 : existing.Max(c => c.CurrencyKey) + 1;
        var changes = 0;
        foreach (var (code, rate) in settings.CurrencyRates.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var upper = code.ToUpperInvariant();
            var current = existing.FirstOrDefault(c => c.CurrencyCode == upper);
            if (current is null)
            {
                changes += await db.InsertAsync(new DimCurrency { CurrencyKey = nextKey++, CurrencyCode = upper, CurrencyName = upper, RateToReporting = rate }, token: ct);
            }
            else if (current.RateToReporting != rate)
            {
                changes += await table.Where(c => c.CurrencyKey == current.CurrencyKey).Set(c => c.RateToReporting, rate).UpdateAsync(ct);
            }
        }

        return changes;
    }

    /// <summary>Rebuilt only when the schedule, its time zone, the holidays or the range changed.</summary>
    internal static async Task<int> SeedBusinessHoursAsync(DataConnection db, WarehouseSettings settings, CancellationToken ct)
    {
        var wanted = BusinessCalendarBuilder.Intervals(settings);
        var table = db.GetTable<BusinessInterval>();
        var existing = await table.OrderBy(i => i.IntervalStart).ToListAsync(ct);
        var same = existing.Count == wanted.Count && existing.Zip(wanted).All(p =>
            p.First.IntervalStart == p.Second.IntervalStart && p.First.IntervalEnd == p.Second.IntervalEnd &&
            p.First.NextStart == p.Second.NextStart && p.First.SecondsBefore == p.Second.SecondsBefore);
        if (same) return 0;
        await table.DeleteAsync(ct);
        var copied = await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, wanted, ct);
        return (int)copied.RowsCopied + existing.Count;
    }

    internal static async Task<int> SeedCalendarAsync(DataConnection db, WarehouseSettings settings, CancellationToken ct)
    {
        var table = db.GetTable<DimDate>();
        // Days from before the Persian columns (schema version 7), or whose Persian fiscal year no longer follows the
        // settings, are written again below: this runs in init's transaction, so no day is ever missing.
        var start = settings.Calendar == CalendarKind.Persian ? settings.FiscalYearStartMonth : 1;
        var changes = await db.ExecuteAsync(
            "DELETE FROM dw.dim_date WHERE date_key > 0 AND (persian_year IS NULL OR persian_fiscal_year <> persian_year + " +
            $"CASE WHEN {start} > 1 AND persian_month >= {start} THEN 1 ELSE 0 END)", ct);
        var unknown = UnknownMembers.Date;
        changes += await table.Where(d => d.DateKey == UnknownMembers.Key && d.PersianYear == null)
            .Set(d => d.PersianYear, unknown.PersianYear).Set(d => d.PersianMonth, unknown.PersianMonth).Set(d => d.PersianMonthName, unknown.PersianMonthName)
            .Set(d => d.PersianDay, unknown.PersianDay).Set(d => d.PersianMonthStart, unknown.PersianMonthStart).Set(d => d.PersianFiscalYear, unknown.PersianFiscalYear)
            .UpdateAsync(ct);
        var first = CalendarBuilder.KeyOf(settings.CalendarStart);
        var last = CalendarBuilder.KeyOf(settings.CalendarEnd);
        var existing = (await table.Where(d => d.DateKey >= first && d.DateKey <= last).Select(d => d.DateKey).ToListAsync(ct)).ToHashSet();
        var missing = CalendarBuilder.Days(settings).Where(d => !existing.Contains(d.DateKey)).ToList();
        if (missing.Count > 0)
        {
            var copied = await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows }, missing, ct);
            changes += (int)copied.RowsCopied;
        }

        // Holidays are configuration: dates added to or removed from the list change flags in place.
        var holidays = settings.Holidays.Select(CalendarBuilder.KeyOf).ToList();
        changes += await table.Where(d => holidays.Contains(d.DateKey) && !d.IsHoliday)
            .Set(d => d.IsHoliday, true).Set(d => d.IsBusinessDay, false).UpdateAsync(ct);
        changes += await table.Where(d => d.DateKey > 0 && d.IsHoliday && !holidays.Contains(d.DateKey))
            .Set(d => d.IsHoliday, false).Set(d => d.IsBusinessDay, d => !d.IsWeekend).UpdateAsync(ct);
        return changes;
    }
}
