using System.Globalization;
using System.Resources;

namespace Warehouse.Kpis.Text;

/// <summary>
/// What people read of the catalogue, in English, Russian and Persian: KPI names, descriptions, areas, statuses and the labels
/// of the executive page and workbook, from the resource files beside this class (KpiText.resx, .ru.resx,
/// .fa.resx). The catalogue keeps codes; text is looked up by culture, and a KPI without a translation keeps
/// the catalogue's English.
/// </summary>
public static class KpiText
{
    /// <summary>The languages there are texts for; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "fa"];

    private static readonly ResourceManager Resources = new("Warehouse.Kpis.Text.KpiText", typeof(KpiText).Assembly);

    /// <summary>The culture of a language code (en, ru, fa); anything else is refused by name.</summary>
    public static CultureInfo Culture(string? language) => (language ?? Languages[0]).ToLowerInvariant() switch
    {
        "en" => CultureInfo.GetCultureInfo("en-US"),
        "ru" => CultureInfo.GetCultureInfo("ru-RU"),
        "fa" => CultureInfo.GetCultureInfo("fa-IR"),
        _ => throw new ArgumentException($"Unknown language '{language}': use one of {string.Join(", ", Languages)}."),
    };

    public static string Name(string code, string english, CultureInfo culture) => Resources.GetString("name." + code, culture) ?? english;

    public static string Description(string code, string english, CultureInfo culture) => Resources.GetString("description." + code, culture) ?? english;

    public static string Area(string area, CultureInfo culture) => Resources.GetString("area." + area, culture) ?? area;

    public static string Status(string status, CultureInfo culture) => Resources.GetString("status." + status, culture) ?? status;

    /// <summary>A label of the pages ("page.heading", "sheet.target", ...); every one exists in English.</summary>
    public static string Label(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new KeyNotFoundException($"No text '{key}' in KpiText.resx.");

    public static bool IsRightToLeft(CultureInfo culture) => culture.TextInfo.IsRightToLeft;

    /// <summary>
    /// Digits as the culture writes them: .NET formats with its separators but ASCII digits, so the culture's
    /// native digits (Persian ۰–۹ for fa-IR) are put in where it has its own.
    /// </summary>
    public static string Digits(string text, CultureInfo culture)
    {
        var native = culture.NumberFormat.NativeDigits;
        if (native.Length != 10 || native[0] == "0") return text;
        return string.Concat(text.Select(c => c is >= '0' and <= '9' ? native[c - '0'] : c.ToString()));
    }

    /// <summary>The culture's month and year names for a Gregorian month (Persian readers get the Gregorian month in Persian).</summary>
    public static string Month(DateOnly month, CultureInfo culture)
    {
        var gregorian = (CultureInfo)culture.Clone();
        if (gregorian.DateTimeFormat.Calendar is not GregorianCalendar && gregorian.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() is { } calendar)
        {
            gregorian.DateTimeFormat.Calendar = calendar;
        }

        return Digits(month.ToString("MMMM yyyy", gregorian), culture);
    }

    /// <summary>
    /// A period of the executive views as the reader names it: a Gregorian month ("March 2026", "مارس ۲۰۲۶"), or
    /// for the persian_month grain its Solar Hijri month ("Mehr 1405", "مهر ۱۴۰۵"), whose start is a Gregorian date.
    /// </summary>
    public static string Period(DateOnly start, string grain, CultureInfo culture)
    {
        if (grain != PersianGrain) return Month(start, culture);
        var (year, month) = PersianMonthOf(start);
        return Digits($"{Label("persian_month." + month.ToString(CultureInfo.InvariantCulture), culture)} {year.ToString(CultureInfo.InvariantCulture)}", culture);
    }

    /// <summary>A period in short, year and month numbers in the reader's digits: 2026-03, or ۱۴۰۵-۰۷ for a Solar Hijri month.</summary>
    public static string ShortPeriod(DateOnly start, string grain, CultureInfo culture)
    {
        if (grain != PersianGrain) return Digits(start.ToString("yyyy-MM", CultureInfo.InvariantCulture), culture);
        var (year, month) = PersianMonthOf(start);
        return Digits(string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}"), culture);
    }

    /// <summary>The first day of the Solar Hijri month <paramref name="months"/> after the one <paramref name="start"/> opens (negative: before).</summary>
    public static DateOnly AddPersianMonths(DateOnly start, int months)
    {
        var at = PersianCalendar.AddMonths(start.ToDateTime(TimeOnly.MinValue), months);
        return DateOnly.FromDateTime(at).AddDays(1 - PersianCalendar.GetDayOfMonth(at));
    }

    private const string PersianGrain = "persian_month";

    private static readonly PersianCalendar PersianCalendar = new();

    private static (int Year, int Month) PersianMonthOf(DateOnly day)
    {
        var at = day.ToDateTime(TimeOnly.MinValue);
        return (PersianCalendar.GetYear(at), PersianCalendar.GetMonth(at));
    }
}
