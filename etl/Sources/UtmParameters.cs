using System.Web;

namespace Warehouse.Etl.Sources;

/// <summary>UTM parameters of a landing URL ("/products/x?utm_source=google&amp;utm_campaign=spring").</summary>
public sealed record UtmParameters(string? Source, string? Medium, string? Campaign)
{
    public static readonly UtmParameters None = new(null, null, null);

    public static UtmParameters Parse(string? landingSite)
    {
        if (string.IsNullOrEmpty(landingSite)) return None;
        var query = landingSite.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? landingSite[(at + 1)..] : "";
        var values = HttpUtility.ParseQueryString(query);
        return new UtmParameters(Clean(values["utm_source"]), Clean(values["utm_medium"]), Clean(values["utm_campaign"]));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
