using System.Text.Json;
using LinqToDB;
using LinqToDB.Data;
using Parquet;
using Warehouse.Engines;
using Warehouse.Jobs.Export;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Jobs;

/// <summary>
/// `export --format parquet` run as the built executable, its files read back with Parquet.Net (a reader
/// independent of the DuckDB writer) and compared with the warehouse: rows, sums and month folders.
/// </summary>
public sealed class ParquetExportTests(EngineKind engine) : KpiTestBase(engine)
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "parquet-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Every_bi_view_and_the_kpi_results_come_back_from_parquet_with_the_warehouse_rows_and_sums()
    {
        // Two orders in January 2026 (80.00 and 20.50), one in February (30.25), one with an unknown date (-1).
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.OrderLineAsync("J1", 1, new DateTime(2026, 1, 10, 9, 0, 0), 1, 80.00m);
            await f.OrderLineAsync("J2", 1, new DateTime(2026, 1, 20, 9, 0, 0), 1, 20.50m);
            await f.OrderLineAsync("F1", 1, new DateTime(2026, 2, 3, 9, 0, 0), 1, 30.25m);
        });
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("UPDATE dw.fact_order_line SET order_date_key = -1 WHERE order_id = 'F1'");
        }

        var export = Path.Combine(folder, "lake");
        var cli = new WarehouseCli(folder, new Dictionary<string, string>
        {
            ["Warehouse__Engine"] = Engine.ToString(),
            ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
        });

        var result = await cli.RunAsync("export", "--format", "parquet", "--folder", export);

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        var manifest = JsonSerializer.Deserialize<ParquetExport.Manifest>(await File.ReadAllTextAsync(Path.Combine(export, "manifest.json")), ParquetExport.JsonOptions)!;
        Assert.That(manifest.Tables.Select(t => t.Source), Is.EquivalentTo(ParquetExport.Sources.Select(s => s.Source)));
        Assert.That(result.Stdout, Does.Contain($"Wrote {manifest.Tables.Count} tables").And.Contain("manifest.json"));

        await CompareWithTheWarehouseAsync(manifest, export);

        // Run again (the embedded file is free again): the export is replaced, not added to.
        var again = await cli.RunAsync("export", "--format", "parquet", "--folder", export);
        Assert.That(again.ExitCode, Is.Zero, again.Stderr);
        Assert.That(Directory.EnumerateFiles(Path.Combine(export, "order_line"), "*.parquet", SearchOption.AllDirectories).Count(), Is.EqualTo(2));
        Assert.That(Directory.EnumerateFiles(export, "*.duckdb*"), Is.Empty, "the scratch database is removed");
    }

    [Test]
    public async Task A_folder_with_a_quote_is_refused_with_a_clear_error()
    {
        await DeployAsync();
        var cli = new WarehouseCli(folder, new Dictionary<string, string>
        {
            ["Warehouse__Engine"] = Engine.ToString(),
            ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
        });

        var result = await cli.RunAsync("export", "--format", "parquet", "--folder", Path.Combine(folder, "it's"));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Stderr + result.Stdout, Does.Contain("may not contain a quote"));
    }

    [Test]
    public async Task The_export_writes_only_into_a_folder_it_owns_and_removes_only_what_its_manifest_lists()
    {
        await DeployAsync();
        var cli = new WarehouseCli(folder, new Dictionary<string, string>
        {
            ["Warehouse__Engine"] = Engine.ToString(),
            ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
        });
        var users = Path.Combine(folder, "mine");
        Directory.CreateDirectory(Path.Combine(users, "calendar"));
        await File.WriteAllTextAsync(Path.Combine(users, "calendar", "holidays.xlsx"), "the user's");

        var refused = await cli.RunAsync("export", "--format", "parquet", "--folder", users);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Stderr, Does.Contain("is not empty and holds no manifest.json of an earlier export"));
        Assert.That(File.ReadAllText(Path.Combine(users, "calendar", "holidays.xlsx")), Is.EqualTo("the user's"), "nothing of the user's was removed");

        var export = Path.Combine(folder, "lake");
        Assert.That((await cli.RunAsync("export", "--format", "parquet", "--folder", export)).ExitCode, Is.Zero);
        Directory.CreateDirectory(Path.Combine(export, "campaign"));
        await File.WriteAllTextAsync(Path.Combine(export, "campaign", "readme.txt"), "kept");
        var again = await cli.RunAsync("export", "--format", "parquet", "--folder", export);
        Assert.That(again.ExitCode, Is.Zero, again.Stderr + ": a previous export is replaced");
        Assert.That(File.ReadAllText(Path.Combine(export, "campaign", "readme.txt")), Is.EqualTo("kept"), "a folder the export did not write stays, named like a table or not");
        Assert.That(File.Exists(Path.Combine(export, "campaign.parquet")), Is.True);

        await File.WriteAllTextAsync(Path.Combine(export, "order_line", "mine.csv"), "x");
        var mixed = await cli.RunAsync("export", "--format", "parquet", "--folder", export);
        Assert.That(mixed.ExitCode, Is.EqualTo(1));
        Assert.That(mixed.Stderr, Does.Contain(Path.Combine(export, "order_line") + " holds files the previous export did not write"));
        Assert.That(File.Exists(Path.Combine(export, "order_line", "mine.csv")), Is.True);
    }

    [Test]
    public async Task A_decimal_column_keeps_its_declared_precision_and_scale_from_every_engine()
    {
        await DeployAsync();
        await using (var db = Database.Open())
        {
            await db.InsertAsync(new Warehouse.Schema.Dw.DimCurrency { CurrencyKey = 901, CurrencyCode = "XEU", CurrencyName = "test euro", RateToReporting = 1.08456789m, LoadId = 0 });
            await db.InsertAsync(new Warehouse.Schema.Dw.DimCurrency { CurrencyKey = 902, CurrencyCode = "XIR", CurrencyName = "test rial", RateToReporting = 0.00002375m, LoadId = 0 });
        }

        var export = Path.Combine(folder, "lake");
        var cli = new WarehouseCli(folder, new Dictionary<string, string>
        {
            ["Warehouse__Engine"] = Engine.ToString(),
            ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
        });
        Assert.That((await cli.RunAsync("export", "--format", "parquet", "--folder", export)).ExitCode, Is.Zero);

        await using var stream = File.OpenRead(Path.Combine(export, "currency.parquet"));
        await using var reader = await ParquetReader.CreateAsync(stream);
        var field = (Parquet.Schema.DecimalDataField)reader.Schema.GetDataFields().Single(f => f.Name == "rate_to_reporting");
        Assert.That((field.Precision, field.Scale), Is.EqualTo((18, 8)), "DECIMAL(18,8) as declared, not 38,4");
        using var group = reader.OpenRowGroupReader(0);
        var rates = new decimal?[group.RowCount];
        await group.ReadAsync<decimal>(field, rates, null, CancellationToken.None);
        Assert.That(rates, Does.Contain((decimal?)1.08456789m).And.Contain((decimal?)0.00002375m), "not rounded to 1.0846 and 0");
    }

    [Test]
    public async Task Every_timestamp_column_is_written_as_utc_adjusted()
    {
        await DeployAsync();
        var export = Path.Combine(folder, "lake");
        var cli = new WarehouseCli(folder, new Dictionary<string, string>
        {
            ["Warehouse__Engine"] = Engine.ToString(),
            ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
        });
        Assert.That((await cli.RunAsync("export", "--format", "parquet", "--folder", export)).ExitCode, Is.Zero);

        var timestamps = new List<(string File, string Column, bool Utc)>();
        foreach (var file in Directory.EnumerateFiles(export, "*.parquet", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(file);
            await using var reader = await ParquetReader.CreateAsync(stream);
            // The file's own schema elements: the logical TIMESTAMP type carries the UTC flag.
            foreach (var element in reader.Metadata!.Schema.Where(e => e.LogicalType?.TIMESTAMP is not null))
            {
                timestamps.Add((Path.GetFileName(file), element.Name, element.LogicalType!.TIMESTAMP!.IsAdjustedToUTC));
            }
        }

        Assert.That(timestamps, Is.Not.Empty, "the dimensions carry timestamps");
        Assert.That(timestamps.Where(t => !t.Utc), Is.Empty, "each timestamp is UTC-adjusted, so a reader does not shift it to its own zone");
    }

    /// <summary>The export against the warehouse; the connection closes after, so the embedded file is free again.</summary>
    private async Task CompareWithTheWarehouseAsync(ParquetExport.Manifest manifest, string export)
    {
        await using var warehouse = Database.Open();

        // Every table: the manifest's rows, the rows in its files and the warehouse's rows agree.
        foreach (var table in manifest.Tables)
        {
            var inWarehouse = await warehouse.ExecuteAsync<long>($"SELECT COUNT(*) FROM {table.Source}");
            var inFiles = 0L;
            foreach (var file in table.Files) inFiles += (await ReadAsync(Path.Combine(export, file))).Rows;
            Assert.That((table.Rows, inFiles), Is.EqualTo((inWarehouse, inWarehouse)), table.Source);
        }

        // Facts by month: the unknown date keeps its row in month=unknown.
        var orderLines = manifest.Tables.Single(t => t.Name == "order_line");
        Assert.That(orderLines.PartitionedBy, Is.EqualTo("month"));
        Assert.That(orderLines.Files.Select(f => f.Split('/')[1]), Is.EquivalentTo(new[] { "month=2026-01", "month=unknown" }));
        var january = await ReadAsync(Path.Combine(export, orderLines.Files.Single(f => f.Contains("month=2026-01", StringComparison.Ordinal))));
        Assert.That(january.Rows, Is.EqualTo(2));
        Assert.That(january.Sum("net_amount_reporting"), Is.EqualTo(100.50m));
        var sum = await warehouse.ExecuteAsync<decimal>("SELECT SUM(net_amount_reporting) FROM bi.order_line WHERE order_date_key BETWEEN 20260101 AND 20260131");
        Assert.That(sum, Is.EqualTo(100.50m));

        // The KPI results: the sum of every value equals the warehouse's table.
        var kpis = await ReadAsync(Path.Combine(export, manifest.Tables.Single(t => t.Name == "kpi_value").Files.Single()));
        var values = (decimal)await warehouse.ExecuteAsync<double>("SELECT SUM(value) FROM kpi.kpi_value WHERE value IS NOT NULL");
        Assert.That(kpis.Sum("value"), Is.EqualTo(values).Within(1e-6m * Math.Max(1m, Math.Abs(values))));
    }

    /// <summary>A Parquet file's rows and, for its numeric columns, their sums, by Parquet.Net.</summary>
    private static async Task<ParquetContent> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var sums = new Dictionary<string, decimal>(StringComparer.Ordinal);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            rows += group.RowCount;
            foreach (var field in reader.Schema.GetDataFields())
            {
                decimal? sum = null;
                if (field.ClrType == typeof(decimal))
                {
                    var values = new decimal?[group.RowCount];
                    await group.ReadAsync<decimal>(field, values, null, CancellationToken.None);
                    sum = values.Sum();
                }
                else if (field.ClrType == typeof(double))
                {
                    var values = new double?[group.RowCount];
                    await group.ReadAsync<double>(field, values, null, CancellationToken.None);
                    sum = (decimal?)values.Sum();
                }

                if (sum is { } s) sums[field.Name] = sums.GetValueOrDefault(field.Name) + s;
            }
        }

        return new ParquetContent(rows, sums);
    }

    private sealed record ParquetContent(long Rows, IReadOnlyDictionary<string, decimal> Sums)
    {
        public decimal Sum(string column) => Sums[column];
    }
}
