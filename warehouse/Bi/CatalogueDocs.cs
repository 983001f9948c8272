using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Warehouse.Kpis;

namespace Warehouse.Bi;

/// <summary>
/// The parts of docs/kpis.md and docs/bi.md that restate the catalogue and the star: the KPI table, the DAX measures
/// and the relationships. Each sits between <c>&lt;!-- generated: name --&gt;</c> and <c>&lt;!-- end: name --&gt;</c>;
/// a test holds the files equal to this text, so a KPI change cannot leave the docs behind.
/// </summary>
public static partial class CatalogueDocs
{
    public static IReadOnlyDictionary<string, string> Regions { get; } = new Dictionary<string, string>
    {
        ["kpi-table"] = KpiTable(),
        ["dax-measures"] = DaxMeasures(),
        ["relationships"] = RelationshipTable(),
    };

    /// <summary>The document with every generated region it holds replaced by the current text.</summary>
    public static string Apply(string document) => RegionPattern().Replace(document, m =>
        Regions.TryGetValue(m.Groups["name"].Value, out var text)
            ? $"<!-- generated: {m.Groups["name"].Value} -->\n{text}<!-- end: {m.Groups["name"].Value} -->"
            : m.Value);

    /// <summary>The names of the generated regions a document holds.</summary>
    public static IEnumerable<string> RegionsIn(string document) => RegionPattern().Matches(document).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"<!-- generated: (?<name>[a-z-]+) -->\n.*?<!-- end: \k<name> -->", RegexOptions.Singleline)]
    private static partial Regex RegionPattern();

    private static string KpiTable()
    {
        var text = new StringBuilder();
        text.Append("| code | name | unit | value | slices | reads |\n|---|---|---|---|---|---|\n");
        foreach (var kpi in KpiCatalogue.All)
        {
            var slices = kpi.Slices.Count == 0 ? "none" : string.Join(", ", kpi.Slices.Select(s => s.Code));
            text.Append(CultureInfo.InvariantCulture, $"| `{kpi.Code}` | {kpi.Name} | {kpi.Unit} | {Cell(kpi.Description)} | {slices} | {string.Join(", ", kpi.Facts)} |\n");
        }

        return text.ToString();
    }

    private static string DaxMeasures()
    {
        var text = new StringBuilder();
        foreach (var area in Enum.GetValues<KpiArea>())
        {
            var kpis = KpiCatalogue.All.Where(k => k.Area == area).ToList();
            if (kpis.Count == 0) continue;
            text.Append(CultureInfo.InvariantCulture, $"### {area}\n\n| code | name | unit | format | over several months |\n|---|---|---|---|---|\n");
            foreach (var kpi in kpis)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{kpi.Code}` | {kpi.Name} | {kpi.Unit} | `{KpiMeasures.FormatString(kpi)}` | {Cell(kpi.AcrossPeriods)} |\n");
            }

            text.Append("\n```dax\n");
            foreach (var measure in kpis.Select(KpiMeasures.Of))
            {
                text.Append(CultureInfo.InvariantCulture, $"{measure.Name} :={(measure.Expression.Contains('\n') ? "\n" : " ")}{measure.Expression}\n");
            }

            text.Append("```\n\n");
        }

        return text.ToString();
    }

    private static string RelationshipTable()
    {
        var text = new StringBuilder();
        text.Append("| from | to | active |\n|---|---|---|\n");
        foreach (var r in StarModel.Relationships.Where(r => r.FromTable != StarModel.KpiValue))
        {
            text.Append(CultureInfo.InvariantCulture, $"| `bi.{r.FromTable}.{r.FromColumn}` | `bi.{r.ToTable}.{r.ToColumn}` | {(r.IsActive ? "yes" : "no: USERELATIONSHIP")} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
