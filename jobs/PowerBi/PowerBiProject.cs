using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warehouse.Bi;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Kpis.Text;

namespace Warehouse.Jobs.PowerBi;

/// <summary>
/// A Power BI Project (PBIP) of the warehouse, in Microsoft's documented formats: the project file, the semantic
/// model in TMDL (learn.microsoft.com/power-bi/developer/projects/projects-dataset) and a report in PBIR with one
/// scorecard page (learn.microsoft.com/power-bi/developer/projects/projects-report). Every JSON file names its
/// schema (github.com/microsoft/json-schemas, fabric/). The model imports every <c>bi</c> dimension and fact view and
/// <c>kpi.kpi_value</c>, relates the star, marks the calendar as the date table and holds one measure per KPI.
/// The same input writes the same bytes: names and ids are derived, not random.
/// </summary>
internal sealed class PowerBiProject(EngineKind engine, string server, string database)
{
    public const string Name = "CxWarehouse";
    private const string SchemaRoot = "https://developer.microsoft.com/json-schemas/fabric/";
    private const string PageName = "scorecard";

    /// <summary>The headline measures the scorecard page shows per month.</summary>
    private static readonly string[] Headline = ["nps", "csat", "churn_rate", "aov", "cart_abandonment", "visitor_conversion", "avg_resolution_time", "win_rate"];

    /// <summary>Every file of the project, by its path relative to the output folder (forward slashes).</summary>
    public IReadOnlyDictionary<string, string> Files()
    {
        var model = $"{Name}.SemanticModel";
        var report = $"{Name}.Report";
        var files = new Dictionary<string, string>
        {
            [$"{Name}.pbip"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "pbip/pbipProperties/1.0.0/schema.json",
                ["version"] = "1.0",
                ["artifacts"] = new JsonArray(new JsonObject { ["report"] = new JsonObject { ["path"] = report } }),
                ["settings"] = new JsonObject { ["enableAutoRecovery"] = true },
            }),
            [$"{model}/.platform"] = Platform("SemanticModel"),
            [$"{model}/definition.pbism"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "item/semanticModel/definitionProperties/1.0.0/schema.json",
                ["version"] = "4.0",
                ["settings"] = new JsonObject(),
            }),
            [$"{model}/definition/database.tmdl"] = new Tmdl().Line(0, "database").Property(1, "compatibilityLevel", "1601").ToString(),
            [$"{model}/definition/model.tmdl"] = ModelFile(),
            [$"{model}/definition/expressions.tmdl"] = Expressions(),
            [$"{model}/definition/relationships.tmdl"] = Relationships(),
            [$"{report}/.platform"] = Platform("Report"),
            [$"{report}/definition.pbir"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "item/report/definitionProperties/2.0.0/schema.json",
                ["version"] = "4.0",
                ["datasetReference"] = new JsonObject { ["byPath"] = new JsonObject { ["path"] = $"../{model}" } },
            }),
            [$"{report}/definition/version.json"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "item/report/definition/versionMetadata/1.0.0/schema.json",
                ["version"] = "2.0.0",
            }),
            [$"{report}/definition/report.json"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "item/report/definition/report/3.3.0/schema.json",
                ["themeCollection"] = new JsonObject(),
            }),
            [$"{report}/definition/pages/pages.json"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "item/report/definition/pagesMetadata/1.1.0/schema.json",
                ["pageOrder"] = new JsonArray(PageName),
                ["activePageName"] = PageName,
            }),
            [$"{report}/definition/pages/{PageName}/page.json"] = Json(new JsonObject
            {
                ["$schema"] = SchemaRoot + "item/report/definition/page/2.1.0/schema.json",
                ["name"] = PageName,
                ["displayName"] = "Scorecard",
                ["displayOption"] = "FitToPage",
                ["height"] = 720,
                ["width"] = 1280,
            }),
            [$"{report}/definition/pages/{PageName}/visuals/headline_cards/visual.json"] = Visual("headline_cards", "cardVisual", "Data", 20, 150,
                Headline.Select(MeasureField)),
            [$"{report}/definition/pages/{PageName}/visuals/monthly_table/visual.json"] = Visual("monthly_table", "tableEx", "Values", 190, 510,
                new[] { ColumnField(StarModel.Calendar, "year_month") }.Concat(Headline.Select(MeasureField))),
        };
        foreach (var table in StarModel.Tables) files[$"{model}/definition/tables/{table.Name}.tmdl"] = TableFile(table);
        foreach (var culture in Cultures) files[$"{model}/definition/cultures/{culture.Name}.tmdl"] = CultureFile(culture);
        return files;
    }

    public void WriteTo(string folder)
    {
        foreach (var (path, content) in Files())
        {
            var target = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content, new UTF8Encoding(false));
        }
    }

    private static string ModelFile()
    {
        var tmdl = new Tmdl().Line(0, "model Model")
            .Property(1, "culture", "en-US")
            .Property(1, "defaultPowerBIDataSourceVersion", "powerBI_V3")
            .Flag(1, "discourageImplicitMeasures")
            .Property(1, "sourceQueryCulture", "en-US")
            .Line(1, "dataAccessOptions").Flag(2, "legacyRedirects").Flag(2, "returnErrorValuesAsNull")
            .Blank()
            // The calendar of the warehouse is the date table: no automatic date tables per date column.
            .Line(0, "annotation __PBI_TimeIntelligenceEnabled = 0")
            .Blank();
        foreach (var table in StarModel.Tables) tmdl.Line(0, "ref table " + Tmdl.Name(table.Name));
        tmdl.Blank();
        foreach (var culture in Cultures) tmdl.Line(0, "ref cultureInfo " + culture.Name);
        return tmdl.ToString();
    }

    /// <summary>The languages besides the model's English that the KPI texts exist in (ru-RU, fa-IR).</summary>
    private static IEnumerable<System.Globalization.CultureInfo> Cultures => KpiCatalogue.TranslatedLanguages.Select(KpiText.Culture);

    /// <summary>
    /// A culture's translations as TMDL writes them (learn.microsoft.com/analysis-services/tmdl/tmdl-reference-tabular-object,
    /// "Translations in TMDL"): the model's hierarchy under <c>translations</c>, each measure's caption, description and
    /// display folder in that language, so a report viewer in Russian or Persian reads the KPIs in their own language.
    /// </summary>
    private static string CultureFile(System.Globalization.CultureInfo culture)
    {
        var tmdl = new Tmdl().Line(0, "cultureInfo " + culture.Name).Blank()
            .Line(1, "translations").Line(2, "model Model").Object(3, "table", StarModel.KpiValue);
        foreach (var measure in KpiMeasures.All)
        {
            var kpi = KpiCatalogue.Find(measure.Code);
            tmdl.Object(4, "measure", measure.Name)
                .Property(5, "caption", KpiText.Name(kpi.Code, kpi.Name, culture))
                .Property(5, "description", KpiText.Description(kpi.Code, kpi.Description, culture).ReplaceLineEndings(" "))
                .Property(5, "displayFolder", KpiText.Area(measure.DisplayFolder, culture));
        }

        return tmdl.ToString();
    }

    private string Expressions()
    {
        var (serverHelp, databaseHelp) = engine == EngineKind.PostgreSql
            ? ("The PostgreSQL server of the warehouse, host:port", "The warehouse database")
            : ("The SQL Server of the warehouse, host or host,port", "The warehouse database");
        return new Tmdl()
            .Description(0, serverHelp)
            .Line(0, $"expression Server = {MText(server)} meta [IsParameterQuery=true, Type=\"Text\", IsParameterQueryRequired=true]")
            .Blank().Line(1, "annotation PBI_ResultType = Text").Blank()
            .Description(0, databaseHelp)
            .Line(0, $"expression Database = {MText(database)} meta [IsParameterQuery=true, Type=\"Text\", IsParameterQueryRequired=true]")
            .Blank().Line(1, "annotation PBI_ResultType = Text")
            .ToString();
    }

    private static string Relationships()
    {
        var tmdl = new Tmdl();
        foreach (var r in StarModel.Relationships)
        {
            tmdl.Line(0, "relationship " + Id($"{r.FromTable}.{r.FromColumn}->{r.ToTable}.{r.ToColumn}"));
            if (!r.IsActive) tmdl.Property(1, "isActive", "false");
            tmdl.Property(1, "fromColumn", $"{Tmdl.Name(r.FromTable)}.{Tmdl.Name(r.FromColumn)}")
                .Property(1, "toColumn", $"{Tmdl.Name(r.ToTable)}.{Tmdl.Name(r.ToColumn)}")
                .Blank();
        }

        return tmdl.ToString();
    }

    private string TableFile(ModelTable table)
    {
        var tmdl = new Tmdl().Description(0, table.Description).Object(0, "table", table.Name);
        if (table.IsCalendar) tmdl.Property(1, "dataCategory", "Time");
        tmdl.Blank();
        if (table.Name == StarModel.KpiValue)
        {
            foreach (var measure in KpiMeasures.All)
            {
                tmdl.Description(1, measure.Description).Object(1, "measure", measure.Name, measure.Expression)
                    .Property(2, "formatString", measure.FormatString)
                    .Property(2, "displayFolder", measure.DisplayFolder)
                    .Blank();
            }
        }

        foreach (var column in table.Columns)
        {
            tmdl.Object(1, "column", column.Name).Property(2, "dataType", DataType(column.DataType));
            if (column.IsHidden) tmdl.Flag(2, "isHidden");
            if (table.IsCalendar && column.Name == "full_date") tmdl.Flag(2, "isKey");
            if (column.DataType == ModelDataType.DateTime) tmdl.Property(2, "formatString", column.HasTime ? "yyyy-mm-dd hh:nn:ss" : "yyyy-mm-dd");
            if (column.SortBy is { } sortBy) tmdl.Property(2, "sortByColumn", Tmdl.Name(sortBy));
            tmdl.Property(2, "summarizeBy", "none").Property(2, "sourceColumn", column.Name).Blank();
        }

        // The calendar's unknown day (1900-01-01) would break the continuous range a date table needs.
        var rows = table.IsCalendar ? "\n    Known = Table.SelectRows(Data, each [date_key] <> -1)\nin\n    Known" : "\nin\n    Data";
        tmdl.Object(1, "partition", table.Name, "m").Property(2, "mode", "import")
            .Block(2, "source", $"let\n    Source = {Connector}(Server, Database),\n    Data = Source{{[Schema=\"{table.Schema}\",Item=\"{table.View}\"]}}[Data]{(table.IsCalendar ? "," : "")}{rows}")
            .Blank()
            .Line(1, "annotation PBI_ResultType = Table");
        return tmdl.ToString();
    }

    private string Connector => engine == EngineKind.PostgreSql ? "PostgreSQL.Database" : "Sql.Database";

    private static string DataType(ModelDataType type) => type switch
    {
        ModelDataType.Text => "string",
        ModelDataType.WholeNumber => "int64",
        ModelDataType.FloatingPoint => "double",
        ModelDataType.FixedDecimal => "decimal",
        ModelDataType.DateTime => "dateTime",
        ModelDataType.Boolean => "boolean",
        _ => throw new InvalidOperationException(type.ToString()),
    };

    private static JsonObject MeasureField(string code)
    {
        var measure = KpiMeasures.All.Single(m => m.Code == code);
        return Field("Measure", StarModel.KpiValue, measure.Name);
    }

    private static JsonObject ColumnField(string table, string column) => Field("Column", table, column);

    private static JsonObject Field(string kind, string table, string property) => new()
    {
        ["field"] = new JsonObject { [kind] = new JsonObject { ["Expression"] = new JsonObject { ["SourceRef"] = new JsonObject { ["Entity"] = table } }, ["Property"] = property } },
        ["queryRef"] = $"{table}.{property}",
        ["nativeQueryRef"] = property,
    };

    private static string Visual(string name, string type, string role, int y, int height, IEnumerable<JsonObject> projections) => Json(new JsonObject
    {
        ["$schema"] = SchemaRoot + "item/report/definition/visualContainer/2.9.0/schema.json",
        ["name"] = name,
        ["position"] = new JsonObject { ["x"] = 20, ["y"] = y, ["z"] = y, ["width"] = 1240, ["height"] = height, ["tabOrder"] = y },
        ["visual"] = new JsonObject
        {
            ["visualType"] = type,
            ["query"] = new JsonObject { ["queryState"] = new JsonObject { [role] = new JsonObject { ["projections"] = new JsonArray([.. projections]) } } },
        },
    });

    private static string Platform(string type) => Json(new JsonObject
    {
        ["$schema"] = SchemaRoot + "gitIntegration/platformProperties/2.0.0/schema.json",
        ["metadata"] = new JsonObject { ["type"] = type, ["displayName"] = Name },
        ["config"] = new JsonObject { ["version"] = "2.0", ["logicalId"] = Id(Name + "." + type) },
    });

    // An M text literal: double quotes, inner quotes doubled.
    private static string MText(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A stable GUID from a name, so that writing the project twice gives the same files.</summary>
    private static string Id(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 (name-based, RFC 9562)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Json(JsonObject value) => value.ToJsonString(Indented) + "\n";
}
