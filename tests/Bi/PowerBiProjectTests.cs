using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Json.Schema;
using LinqToDB;
using LinqToDB.Data;
using Warehouse.Bi;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Bi;

/// <summary>
/// <c>powerbi</c> run as a user runs it, for a SQL Server and a PostgreSQL model, against a deployed PostgreSQL
/// warehouse: the TMDL read back with <see cref="TmdlReader"/> must name only columns the views have, relationships
/// between existing columns, DAX that resolves, one measure per KPI; every JSON file must validate against the
/// schema it names (Microsoft's, kept in tests/Bi/Schemas); every .odc file's connection must read what it says.
/// </summary>
[TestFixture(EngineKind.SqlServer)]
[TestFixture(EngineKind.PostgreSql)]
public sealed partial class PowerBiProjectTests(EngineKind model)
{
    private EngineDatabase warehouse = null!;
    private string root = null!;
    private string folder = null!;
    private CliResult result = null!;
    private Dictionary<string, TmdlObject> tables = null!;

    private string Definition => Path.Combine(folder, "CxWarehouse.SemanticModel", "definition");

    [OneTimeSetUp]
    public async Task WriteTheProjectAsync()
    {
        warehouse = await EngineDatabase.CreateAsync(EngineKind.PostgreSql);
        await new WarehouseDeployer(warehouse.Database, new WarehouseSettings { CalendarStart = new DateOnly(2025, 1, 1), CalendarEnd = new DateOnly(2025, 12, 31) }).DeployAsync();
        root = Path.Combine(Path.GetTempPath(), "powerbi-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var cli = new WarehouseCli(root, new Dictionary<string, string> { ["Warehouse__Engine"] = "DuckDb", ["ConnectionStrings__Warehouse"] = $"Data Source={Path.Combine(root, "unused.duckdb")}" });
        var server = model == EngineKind.PostgreSql ? "db.example.com:5433" : "sql01,1433";
        result = await cli.RunAsync("powerbi", "--out", "project", "--engine", model == EngineKind.PostgreSql ? "postgresql" : "sqlserver",
            "--server", server, "--database", "cx_dw", "--feed", "https://bi.example.com/odata/");
        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        folder = Path.Combine(root, "project");
        tables = Directory.GetFiles(Path.Combine(Definition, "tables"), "*.tmdl")
            .Select(f => TmdlReader.Read(File.ReadAllText(f)).Single(o => o.Type == "table"))
            .ToDictionary(t => t.Name);
    }

    [OneTimeTearDown]
    public async Task CleanUpAsync()
    {
        if (warehouse is not null) await warehouse.DisposeAsync();
        if (root is not null && Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Test]
    public void The_command_says_what_it_wrote()
    {
        Assert.That(result.Stdout, Does.Contain("CxWarehouse.pbip").And.Contain($"{KpiCatalogue.All.Count} KPI measures").And.Contain("database cx_dw"));
        foreach (var file in new[] { "CxWarehouse.pbip", "CxWarehouse.SemanticModel/definition.pbism", "CxWarehouse.Report/definition.pbir",
                     "CxWarehouse.SemanticModel/definition/database.tmdl", "CxWarehouse.SemanticModel/definition/model.tmdl",
                     "CxWarehouse.SemanticModel/definition/relationships.tmdl", "CxWarehouse.SemanticModel/definition/expressions.tmdl" })
        {
            Assert.That(File.Exists(Path.Combine(folder, file)), Is.True, file);
        }
    }

    [Test]
    public async Task Every_table_reads_a_view_of_the_deployed_warehouse_and_only_its_columns()
    {
        await using var db = warehouse.Database.Open();
        var columns = (await db.QueryToListAsync(r => (Schema: r.GetString(0), View: r.GetString(1), Column: r.GetString(2)),
                "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema IN ('bi', 'kpi')"))
            .ToLookup(c => (c.Schema, c.View), c => c.Column);
        Assert.That(tables.Keys, Is.EquivalentTo(StarModel.Tables.Select(t => t.Name)));
        var connector = model == EngineKind.PostgreSql ? "PostgreSQL.Database(Server, Database)" : "Sql.Database(Server, Database)";
        foreach (var table in tables.Values)
        {
            var partition = table.Of("partition").Single();
            Assert.That((partition.Expression, partition.Property("mode")), Is.EqualTo(("m", "import")), table.Name);
            var source = partition.Property("source")!;
            Assert.That(source, Does.Contain(connector), table.Name);
            var navigation = Navigation().Match(source);
            Assert.That(navigation.Success, Is.True, source);
            var view = (navigation.Groups["schema"].Value, navigation.Groups["item"].Value);
            Assert.That(columns[view], Is.Not.Empty, $"{table.Name} reads {view}, which the warehouse does not have (it has {string.Join(", ", columns.Select(g => g.Key))})");
            foreach (var column in table.Of("column"))
            {
                Assert.That(columns[view], Does.Contain(column.Property("sourceColumn")), $"{table.Name}.{column.Name}");
                Assert.That(column.Property("dataType"), Is.AnyOf("string", "int64", "double", "decimal", "dateTime", "boolean"));
                if (column.Name.EndsWith("_key", StringComparison.Ordinal)) Assert.That(column.Property("isHidden"), Is.EqualTo("true"), $"{table.Name}.{column.Name} is a key");
            }

            Assert.That(table.Of("column").Select(c => c.Name), Is.EquivalentTo(columns[view].Where(c => c != "load_id" && c != "email_hash")), $"{table.Name}: every column of {view}");
        }

        var calendar = tables[StarModel.Calendar];
        Assert.That(calendar.Property("dataCategory"), Is.EqualTo("Time"));
        Assert.That(calendar.Of("column").Single(c => c.Property("isKey") == "true").Name, Is.EqualTo("full_date"));
        Assert.That(calendar.Of("column").Single(c => c.Name == "full_date").Property("dataType"), Is.EqualTo("dateTime"));
    }

    [Test]
    public async Task Types_formats_and_sort_orders_follow_the_warehouse_columns()
    {
        await using var db = warehouse.Database.Open();
        var declared = (await db.QueryToListAsync(r => (View: r.GetString(0), Column: r.GetString(1), Type: r.GetString(2), Scale: r.IsDBNull(3) ? 0 : Convert.ToInt32(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)),
                "SELECT table_name, column_name, data_type, numeric_scale FROM information_schema.columns WHERE table_schema = 'bi'"))
            .ToDictionary(c => (c.View, c.Column));
        var timestamps = 0;
        foreach (var table in tables.Values.Where(t => t.Name is not (StarModel.KpiValue or "kpi_catalogue")))
        {
            foreach (var column in table.Of("column"))
            {
                var (_, _, type, scale) = declared[(table.Name, column.Property("sourceColumn")!)];
                if (type == "numeric" && scale > 4) Assert.That(column.Property("dataType"), Is.EqualTo("double"), $"{table.Name}.{column.Name}: a fixed decimal would round its {scale} places to 4");
                if (type.StartsWith("timestamp", StringComparison.Ordinal))
                {
                    timestamps++;
                    Assert.That(column.Property("formatString"), Is.EqualTo("yyyy-mm-dd hh:nn:ss"), $"{table.Name}.{column.Name} holds a time of day");
                }

                if (type == "date") Assert.That(column.Property("formatString"), Is.EqualTo("yyyy-mm-dd"), $"{table.Name}.{column.Name}");
            }
        }

        Assert.That(timestamps, Is.GreaterThan(20));
        Assert.That(tables["currency"].Of("column").Single(c => c.Name == "rate_to_reporting").Property("dataType"), Is.EqualTo("double"));
        var calendar = tables[StarModel.Calendar].Of("column").ToDictionary(c => c.Name);
        Assert.That((calendar["month_name"].Property("sortByColumn"), calendar["day_name"].Property("sortByColumn"), calendar["persian_month_name"].Property("sortByColumn")),
            Is.EqualTo(("month", "day_of_week", "persian_month")));
        Assert.That(tables.Keys, Does.Contain("customer_360").And.Contain("kpi_catalogue"));
        Assert.That(tables["kpi_catalogue"].Of("column").Select(c => c.Name), Is.SupersetOf(new[] { "kpi_name_ru", "kpi_name_fa", "description_ru", "description_fa" }));
    }

    [Test]
    public void Measures_read_persian_months_when_the_report_slices_by_the_persian_calendar()
    {
        foreach (var measure in tables[StarModel.KpiValue].Of("measure"))
        {
            Assert.That(measure.Expression, Does.Contain("ISFILTERED('calendar'[persian_month_name])").And.Contain("\"persian_month\", \"month\")").And.Contain("[grain] = g"), measure.Name);
        }
    }

    [Test]
    public void Every_relationship_joins_existing_columns_many_to_one_in_one_direction()
    {
        var relationships = TmdlReader.Read(File.ReadAllText(Path.Combine(Definition, "relationships.tmdl")));
        Assert.That(relationships, Has.Count.EqualTo(StarModel.Relationships.Count).And.All.Property(nameof(TmdlObject.Type)).EqualTo("relationship"));
        foreach (var r in relationships)
        {
            var (fromTable, fromColumn) = Split(r.Property("fromColumn")!);
            var (toTable, toColumn) = Split(r.Property("toColumn")!);
            Assert.That(tables[fromTable].Of("column").Select(c => c.Name), Does.Contain(fromColumn));
            Assert.That(tables[toTable].Of("column").Select(c => c.Name), Does.Contain(toColumn));
            // The documented defaults: many to one, single direction; only isActive may be written.
            Assert.That(r.Properties.Keys.Except(["fromColumn", "toColumn", "isActive"]), Is.Empty);
        }

        // Power BI allows one active path from a fact to a dimension.
        var active = relationships.Where(r => r.Property("isActive") != "false").Select(r => (Split(r.Property("fromColumn")!).Table, Split(r.Property("toColumn")!).Table)).ToList();
        Assert.That(active, Is.Unique);
        Assert.That(relationships.Count(r => r.Property("fromColumn") == "ticket.solved_date_key" && r.Property("isActive") == "false"), Is.EqualTo(1));
        Assert.That(relationships.Count(r => r.Property("fromColumn") == "kpi_value.period_start" && r.Property("toColumn") == "calendar.full_date"), Is.EqualTo(1));
    }

    [Test]
    public void Every_kpi_has_one_measure_built_from_sums_with_its_format_folder_and_description()
    {
        var measures = tables.Values.SelectMany(t => t.Of("measure").Select(m => (Table: t.Name, Measure: m))).ToList();
        foreach (var kpi in KpiCatalogue.All)
        {
            var mine = measures.Where(m => m.Measure.Expression!.Contains($"[kpi_code] = \"{kpi.Code}\"", StringComparison.Ordinal)).ToList();
            Assert.That(mine, Has.Count.EqualTo(1), kpi.Code);
            var measure = mine[0].Measure;
            Assert.That(measure.Name, Is.EqualTo(kpi.Name));
            Assert.That(measure.Property("displayFolder"), Is.EqualTo(kpi.Area.ToString()));
            Assert.That(measure.Description, Is.EqualTo(kpi.Description));
            Assert.That(measure.Property("formatString"), Is.EqualTo(kpi.Unit switch
            {
                KpiUnit.Percent => "0.0%",
                KpiUnit.Currency => "#,0.00",
                KpiUnit.Minutes => @"#,0.0 \m\i\n",
                KpiUnit.Hours => @"#,0.0 \h",
                KpiUnit.Days => @"#,0.0 \d\a\y\s",
                KpiUnit.Ratio => "0.00",
                KpiUnit.Score => "0.0",
                _ => kpi.Denominator is null ? "#,0" : "#,0.00",
            }), kpi.Code);
            Assert.That(measure.Expression, Does.Not.Contain("AVERAGE").And.Not.Contain("[value]"), "a ratio of sums, never an average of values");
            Assert.That(measure.Expression, Does.Contain(kpi.Denominator is null ? "[numerator]" : "[denominator]"));
        }

        Assert.That(measures, Has.Count.EqualTo(KpiCatalogue.All.Count));
    }

    /// <summary>Russian and Persian readers see every KPI measure, its description and folder in their language (TMDL cultures).</summary>
    [TestCase("ru", "ru-RU")]
    [TestCase("fa", "fa-IR")]
    public void Every_measure_has_its_caption_description_and_folder_in_russian_and_persian(string language, string cultureName)
    {
        var culture = Warehouse.Kpis.Text.KpiText.Culture(language);
        var modelFile = TmdlReader.Read(File.ReadAllText(Path.Combine(Definition, "model.tmdl")));
        Assert.That(modelFile.Where(o => o.Type == "ref").Select(o => o.Name), Does.Contain("cultureInfo " + cultureName), "the model names the culture");

        var root = TmdlReader.Read(File.ReadAllText(Path.Combine(Definition, "cultures", cultureName + ".tmdl"))).Single();
        Assert.That((root.Type, root.Name), Is.EqualTo(("cultureInfo", cultureName)));
        var translated = root.Of("translations").Single().Of("model").Single().Of("table").Single();
        Assert.That(translated.Name, Is.EqualTo(StarModel.KpiValue), "the measures live in the KPI table");
        var measures = translated.Of("measure").ToDictionary(m => m.Name);
        Assert.That(measures.Keys, Is.EquivalentTo(tables[StarModel.KpiValue].Of("measure").Select(m => m.Name)), "a translation for every measure, naming only measures that exist");
        foreach (var kpi in KpiCatalogue.All)
        {
            var measure = measures[kpi.Name];
            Assert.That(measure.Property("caption"), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Name(kpi.Code, kpi.Name, culture)).And.Not.EqualTo(kpi.Name), kpi.Code);
            Assert.That(measure.Property("description"), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Description(kpi.Code, kpi.Description, culture)), kpi.Code);
            Assert.That(measure.Property("displayFolder"), Is.EqualTo(Warehouse.Kpis.Text.KpiText.Area(kpi.Area.ToString(), culture)).And.Not.EqualTo(kpi.Area.ToString()), kpi.Code);
        }

        Assert.That(measures["Net promoter score"].Property("caption"), Is.EqualTo(language == "ru" ? "Индекс потребительской лояльности (NPS)" : "شاخص خالص ترویج (NPS)"));
    }

    [Test]
    public void Every_dax_reference_resolves_to_a_column_or_measure_of_the_model()
    {
        var measureNames = tables.Values.SelectMany(t => t.Of("measure")).Select(m => m.Name).ToHashSet();
        foreach (var measure in tables.Values.SelectMany(t => t.Of("measure")))
        {
            var dax = measure.Expression!;
            foreach (Match reference in ColumnReference().Matches(dax))
            {
                var table = reference.Groups["quoted"].Success ? reference.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal) : reference.Groups["bare"].Value;
                Assert.That(tables.ContainsKey(table), Is.True, $"{measure.Name}: table '{table}'");
                Assert.That(tables[table].Of("column").Select(c => c.Name), Does.Contain(reference.Groups["column"].Value), $"{measure.Name}: {reference.Value}");
            }

            foreach (Match reference in BareReference().Matches(ColumnReference().Replace(dax, "")))
            {
                Assert.That(measureNames, Does.Contain(reference.Groups["name"].Value), $"{measure.Name}: [{reference.Groups["name"].Value}]");
            }

            foreach (Match table in TableArgument().Matches(dax))
            {
                Assert.That(tables.ContainsKey(table.Groups["table"].Value), Is.True, $"{measure.Name}: table {table.Value}");
            }
        }

        // The report's fields name the model's measures and columns.
        foreach (var visual in Directory.GetFiles(Path.Combine(folder, "CxWarehouse.Report"), "visual.json", SearchOption.AllDirectories))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(visual));
            foreach (var projection in json.RootElement.GetProperty("visual").GetProperty("query").GetProperty("queryState").EnumerateObject().SelectMany(r => r.Value.GetProperty("projections").EnumerateArray()))
            {
                var field = projection.GetProperty("field").EnumerateObject().Single();
                var entity = field.Value.GetProperty("Expression").GetProperty("SourceRef").GetProperty("Entity").GetString()!;
                var property = field.Value.GetProperty("Property").GetString()!;
                var names = field.Name == "Measure" ? tables[entity].Of("measure").Select(m => m.Name) : tables[entity].Of("column").Select(c => c.Name);
                Assert.That(names, Does.Contain(property), $"{visual}: {entity}.{property}");
            }
        }
    }

    [Test]
    public void The_server_and_database_are_parameters_of_every_partition()
    {
        var expressions = TmdlReader.Read(File.ReadAllText(Path.Combine(Definition, "expressions.tmdl")));
        var server = expressions.Single(e => e.Name == "Server").Expression;
        var database = expressions.Single(e => e.Name == "Database").Expression;
        Assert.That(server, Does.StartWith(model == EngineKind.PostgreSql ? "\"db.example.com:5433\" meta [IsParameterQuery=true" : "\"sql01,1433\" meta [IsParameterQuery=true"));
        Assert.That(database, Does.StartWith("\"cx_dw\" meta [IsParameterQuery=true"));
        var modelFile = TmdlReader.Read(File.ReadAllText(Path.Combine(Definition, "model.tmdl")));
        Assert.That(modelFile.Where(o => o.Type == "ref" && o.Name.StartsWith("table ", StringComparison.Ordinal)).Select(o => o.Name), Is.EquivalentTo(tables.Keys.Select(t => "table " + t)));
        Assert.That(TmdlReader.Read(File.ReadAllText(Path.Combine(Definition, "database.tmdl"))).Single().Property("compatibilityLevel"), Is.EqualTo("1601"));
    }

    [Test]
    public void Every_json_file_validates_against_the_documented_schema_it_names()
    {
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var schemaRoot = Path.Combine(RepositoryFolders.Root, "tests", "Bi", "Schemas");
        // Referenced schemas first, so that the ones that refer to them resolve.
        var schemas = Directory.GetFiles(schemaRoot, "*.json", SearchOption.AllDirectories)
            .OrderBy(f => f.Contains("semanticQuery", StringComparison.Ordinal) || f.Contains("formattingObject", StringComparison.Ordinal) ? 0 : f.Contains("Configuration", StringComparison.Ordinal) ? 1 : 2)
            .Select(f => (Uri: new Uri("https://developer.microsoft.com/json-schemas/" + Path.GetRelativePath(schemaRoot, f).Replace('\\', '/')), Schema: JsonSchema.FromFile(f, options)))
            .ToDictionary(s => s.Uri.ToString(), s => s.Schema);
        // The embedded variants name themselves schema.embedded.json; the others refer to them by their file name.
        foreach (var (uri, schema) in schemas) registry.Register(new Uri(uri), schema);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".pbip", StringComparison.Ordinal)
            || f.EndsWith(".pbism", StringComparison.Ordinal) || f.EndsWith(".pbir", StringComparison.Ordinal) || Path.GetFileName(f) == ".platform").ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(11));
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var named = json.RootElement.GetProperty("$schema").GetString()!;
            Assert.That(schemas.ContainsKey(named), Is.True, $"{file} names {named}");
            var evaluation = schemas[named].Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            var errors = evaluation.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")) ?? [];
            Assert.That(evaluation.IsValid, Is.True, $"{Path.GetRelativePath(folder, file)}: {string.Join("; ", errors)}");
        }
    }

    [Test]
    public void Every_odc_file_connects_to_what_its_name_says()
    {
        XNamespace odc = "urn:schemas-microsoft-com:office:odc";
        var files = Directory.GetFiles(Path.Combine(folder, "excel"), "*.odc");
        Assert.That(files, Has.Length.EqualTo(6 + KpiCatalogue.All.Count + 4), "the exec views (source_status among them), the KPI views and results, the OData feeds");
        foreach (var file in files)
        {
            var html = File.ReadAllText(file);
            var island = OdcIsland().Match(html);
            Assert.That(island.Success, Is.True, file);
            var connection = XElement.Parse(island.Groups["xml"].Value).Elements().First(e => e.Name.LocalName is "Connection" or "PowerQueryConnection");
            var connectionString = connection.Element(odc + "ConnectionString")!.Value;
            var commandText = connection.Element(odc + "CommandText")!.Value;
            var name = Path.GetFileNameWithoutExtension(file).Split('.');
            Assert.That(connectionString, Does.Not.Contain("Password").IgnoreCase);
            if (name[1] == "odata")
            {
                var mashup = XElement.Parse(XElement.Parse(island.Groups["xml"].Value).Element(odc + "PowerQueryMashupData")!.Value);
                var formula = mashup.Descendants().Single(e => e.Name.LocalName == "Formula").Value;
                Assert.That(connectionString, Is.EqualTo($"Provider=Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;Location={name[2]};Extended Properties=\"\""));
                Assert.That(commandText, Is.EqualTo($"SELECT * FROM [{name[2]}]"));
                Assert.That(formula, Does.Contain("OData.Feed(\"https://bi.example.com/odata/\"").And.Contain($"Source{{[Name=\"{name[2]}\",Signature=\"table\"]}}[Data]"));
            }
            else if (model == EngineKind.SqlServer)
            {
                Assert.That(connection.Attribute(odc + "Type")!.Value, Is.EqualTo("OLEDB"));
                Assert.That(connectionString, Does.StartWith("Provider=MSOLEDBSQL;Integrated Security=SSPI;").And.Contain("Initial Catalog=cx_dw;Data Source=sql01,1433;"));
                Assert.That(connection.Element(odc + "CommandType")!.Value, Is.EqualTo("Table"));
                Assert.That(commandText, Is.EqualTo($"\"cx_dw\".\"{name[1]}\".\"{name[2]}\""));
            }
            else
            {
                var mashup = XElement.Parse(XElement.Parse(island.Groups["xml"].Value).Element(odc + "PowerQueryMashupData")!.Value);
                var formula = mashup.Descendants().Single(e => e.Name.LocalName == "Formula").Value;
                Assert.That(formula, Does.Contain("PostgreSQL.Database(\"db.example.com:5433\", \"cx_dw\")").And.Contain($"Source{{[Schema=\"{name[1]}\",Item=\"{name[2]}\"]}}[Data]"));
                Assert.That(commandText, Is.EqualTo($"SELECT * FROM [{name[1]}_{name[2]}]"));
            }
        }

        Assert.That(files.Select(Path.GetFileName), Does.Contain("CxWarehouse.exec.kpi_scorecard.odc").And.Contain("CxWarehouse.odata.kpi_trend.odc").And.Contain("CxWarehouse.kpi.nps.odc"));
    }

    [Test]
    public async Task Writing_twice_gives_the_same_files()
    {
        var again = Path.Combine(root, "again");
        var cli = new WarehouseCli(root, new Dictionary<string, string> { ["Warehouse__Engine"] = "DuckDb" });
        var second = await cli.RunAsync("powerbi", "--out", "again", "--engine", model == EngineKind.PostgreSql ? "postgresql" : "sqlserver",
            "--server", model == EngineKind.PostgreSql ? "db.example.com:5433" : "sql01,1433", "--database", "cx_dw", "--feed", "https://bi.example.com/odata/");
        Assert.That(second.ExitCode, Is.Zero, second.Stderr);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            Assert.That(File.ReadAllText(Path.Combine(again, Path.GetRelativePath(folder, file))), Is.EqualTo(File.ReadAllText(file)), file);
        }
    }

    private static (string Table, string Column) Split(string reference)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        return (reference[..dot].Trim('\''), reference[(dot + 1)..].Trim('\''));
    }

    [GeneratedRegex(@"Source\{\[Schema=""(?<schema>\w+)"",Item=""(?<item>\w+)""\]\}\[Data\]")]
    private static partial Regex Navigation();

    [GeneratedRegex(@"(?:'(?<quoted>(?:[^']|'')+)'|(?<bare>\b[A-Za-z_]\w*))\[(?<column>[^\]]+)\]")]
    private static partial Regex ColumnReference();

    [GeneratedRegex(@"\[(?<name>[^\]]+)\]")]
    private static partial Regex BareReference();

    [GeneratedRegex(@"CALCULATETABLE\('(?<table>[^']+)'")]
    private static partial Regex TableArgument();

    [GeneratedRegex(@"<xml id=msodc>(?<xml>.*?)</xml>", RegexOptions.Singleline)]
    private static partial Regex OdcIsland();
}
