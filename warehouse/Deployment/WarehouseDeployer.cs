using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Schema;
using Warehouse.Schema.Etl;

namespace Warehouse.Deployment;

/// <summary>
/// Creates or upgrades the warehouse in place: missing areas, tables and columns are added, views
/// are recreated, reference data is completed and the schema version recorded. Nothing is ever
/// dropped but views, so running it again changes nothing. The whole deploy is one transaction. A dropped
/// primary key is restored; a missing NOT NULL column it cannot fill, or users' views that recreating the
/// views would drop, stop it with the table or views named.
/// </summary>
public sealed class WarehouseDeployer(WarehouseDatabase database, WarehouseSettings settings)
{
    private static readonly string[] ViewAreas = [Areas.Kpi, Areas.Exec, Areas.Bi];

    public async Task<DeployReport> DeployAsync(CancellationToken ct = default)
    {
        settings.Validate();
        var dialect = database.Dialect;
        await using var db = database.Open();
        await using var transaction = await db.BeginTransactionAsync(ct);
        if (dialect.DeployLock is { } deployLock) await db.ExecuteAsync(deployLock, ct);

        var existingAreas = (await QueryStringsAsync(db, "SELECT schema_name FROM information_schema.schemata", ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var areasCreated = 0;
        foreach (var area in Areas.All.Where(a => !existingAreas.Contains(a)))
        {
            await db.ExecuteAsync(dialect.CreateSchema(area), ct);
            areasCreated++;
        }

        await RefuseNewerSchemaAsync(db, existingAreas, ct);
        var existingColumns = await ExistingColumnsAsync(db, ct);
        var existingKeys = (await db.QueryToListAsync(r => (r.GetString(0).ToLowerInvariant(), r.GetString(1).ToLowerInvariant()),
            $"SELECT table_schema, table_name FROM information_schema.table_constraints WHERE constraint_type = 'PRIMARY KEY' AND table_schema IN ({string.Join(", ", Areas.All.Select(dialect.Literal))})", ct)).ToHashSet();
        // Views go first: a view of an earlier version may have the name of a table of this one (kpi.kpi_value).
        await DropViewsAsync(db, dialect, ct);
        int tablesCreated = 0, columnsAdded = 0;
        var upgrade = existingColumns.ContainsKey((Areas.Etl, "load"));
        await ReplaceKpiTablesBeforeVersion8Async(db, dialect, existingColumns, ct);
        var widenSpendKey = SpendKeyBeforeVersion9(existingColumns);
        var kpiValuesCreated = false;
        foreach (var table in TableShape.All)
        {
            if (!existingColumns.TryGetValue((table.Schema, table.Name), out var columns))
            {
                kpiValuesCreated |= table is { Schema: Areas.Kpi, Name: "kpi_value" };
                foreach (var statement in table.BeforeCreate(dialect).Append(table.CreateStatement(dialect)).Concat(table.AfterCreate(dialect)))
                {
                    await db.ExecuteAsync(statement, ct);
                }

                tablesCreated++;
                continue;
            }

            foreach (var column in table.Columns.Where(c => !columns.Contains(c.ColumnName)))
            {
                await db.ExecuteAsync(table.AddColumnStatement(dialect, column), ct);
                if (!column.CanBeNull || column.ColumnName == Schema.SourceInstanceColumn.Name) await FillAddedColumnAsync(db, dialect, table, column, ct);
                columnsAdded++;
            }

            if (!(widenSpendKey && table.Name == "fact_campaign_spend")) await RestorePrimaryKeyAsync(db, dialect, table, existingKeys, ct);
        }

        if (widenSpendKey) await WidenSpendKeyAsync(db, dialect, existingKeys, ct);

        var views = await CreateViewsAsync(db, dialect, ct);
        var referenceRows = await ReferenceData.SeedAsync(db, settings, ct);
        // A warehouse from before the KPI table (schema version 6) gets its figures now, not at the next run.
        if (upgrade && kpiValuesCreated) await Kpis.KpiValues.RefreshAsync(db, new Kpis.KpiContext(dialect, settings), loads: null, ct);
        await RecordVersionAsync(db, ct);
        await transaction.CommitAsync(ct);

        var report = new DeployReport(WarehouseTables.SchemaVersion, areasCreated, tablesCreated, columnsAdded, views, referenceRows);
        Log.Information("Deployed warehouse schema version {SchemaVersion} on {Engine}: {TablesCreated} tables created, {ColumnsAdded} columns added, {ViewsCreated} views, {ReferenceRowsChanged} reference rows changed",
            report.SchemaVersion, database.Engine, report.TablesCreated, report.ColumnsAdded, report.ViewsCreated, report.ReferenceRowsChanged);
        return report;
    }

    /// <summary>
    /// A NOT NULL column added to a table that holds rows needs a value for them: a flag starts false, a load
    /// id 0 (rows from before the column) and a source instance <c>default</c> (the one instance there was), as for a new row. Any other such column cannot be made up from the
    /// data, so init stops rather than leave a column that every later insert and refresh would trip over.
    /// </summary>
    private static async Task FillAddedColumnAsync(DataConnection db, SqlDialect dialect, TableShape table, LinqToDB.Mapping.ColumnDescriptor column, CancellationToken ct)
    {
        var qualified = dialect.QualifiedName(table.Schema, table.Name);
        var type = Nullable.GetUnderlyingType(column.MemberType) ?? column.MemberType;
        var fill = type == typeof(bool) ? dialect.False
            : column.ColumnName == "load_id" ? "0"
            : column.ColumnName == Schema.SourceInstanceColumn.Name ? $"'{Schema.SourceInstanceColumn.Default}'"
            : column.ColumnName == "reported_channel" ? $"COALESCE((SELECT ch.channel_code FROM dw.dim_channel ch WHERE ch.channel_key = {qualified}.channel_key), 'unknown')"
            : null;
        if (fill is not null)
        {
            await db.ExecuteAsync($"UPDATE {qualified} SET {dialect.Quote(column.ColumnName)} = {fill}", ct);
            return;
        }

        if (await db.ExecuteAsync<int>($"SELECT CASE WHEN EXISTS (SELECT 1 FROM {qualified}) THEN 1 ELSE 0 END", ct) == 1)
        {
            throw new InvalidOperationException(
                $"{table.Schema}.{table.Name} lacks its column {column.ColumnName} (NOT NULL) while it holds rows, and init cannot fill it from the data. " +
                $"Restore the column from a backup, or empty {table.Schema}.{table.Name} and load its source again from the start; nothing was changed.");
        }
    }

    /// <summary>A key dropped by hand is put back; duplicates that crept in meanwhile stop init with the table named.</summary>
    private static async Task RestorePrimaryKeyAsync(DataConnection db, SqlDialect dialect, TableShape table, HashSet<(string, string)> existingKeys, CancellationToken ct)
    {
        if (!table.Key.Any() || existingKeys.Contains((table.Schema, table.Name))) return;
        if (dialect.AddPrimaryKey(table.Schema, table.Name, "pk_" + table.Name, table.IsFact, table.Key.Select(c => c.ColumnName).ToList()) is not { } statement) return;
        try
        {
            await db.ExecuteAsync(statement, ct);
            Log.Warning("{Table}: its primary key was missing and was restored", $"{table.Schema}.{table.Name}");
        }
        catch (System.Data.Common.DbException ex)
        {
            throw new InvalidOperationException(
                $"{table.Schema}.{table.Name} has lost its primary key ({string.Join(", ", table.Key.Select(c => c.ColumnName))}) and it cannot be restored: {ex.Message}. " +
                "Remove the duplicate rows and run init again; nothing was changed.", ex);
        }
    }

    /// <summary>
    /// Views of earlier versions that this one no longer defines: init drops them with its own. Any other view in the
    /// kpi, exec or bi schema is the user's and is left alone.
    /// </summary>
    private static readonly (string Schema, string Name)[] RetiredViews = [(Areas.Kpi, "kpi_value")];

    /// <summary>
    /// Init drops and recreates the warehouse's own views only. On PostgreSQL dropping a view also drops what is
    /// built on it (a user's view, in bi or elsewhere, or a function returning a view's rows): init names those and stops instead.
    /// </summary>
    private async Task DropViewsAsync(DataConnection db, SqlDialect dialect, CancellationToken ct)
    {
        var ours = WarehouseViews.All(dialect, settings).Select(v => (v.Schema, v.Name)).Concat(RetiredViews)
            .Select(v => $"{v.Item1}.{v.Item2}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (dialect.ViewsBuiltOnQuery(ViewAreas, ours) is { } query && await QueryStringsAsync(db, query, ct) is { Count: > 0 } dependants)
        {
            throw new InvalidOperationException(
                $"init recreates the kpi, exec and bi views, which would drop these objects of yours built on them: {string.Join(", ", dependants.Order(StringComparer.Ordinal))}. " +
                "Save their definitions, drop them, run init, and create them again; nothing was changed.");
        }

        var areaList = string.Join(", ", ViewAreas.Select(dialect.Literal));
        var existing = await db.QueryToListAsync(
            r => (Schema: r.GetString(0), Name: r.GetString(1)),
            $"SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'VIEW' AND table_schema IN ({areaList})", ct);
        foreach (var (schema, name) in existing)
        {
            if (ours.Contains($"{schema}.{name}")) await db.ExecuteAsync(dialect.DropViewIfExists(schema, name), ct);
            else Log.Information("{View} is not one of the warehouse's views: init leaves it as it is", $"{schema}.{name}");
        }
    }

    private async Task<int> CreateViewsAsync(DataConnection db, SqlDialect dialect, CancellationToken ct)
    {
        var views = WarehouseViews.All(dialect, settings);
        foreach (var view in views)
        {
            await db.ExecuteAsync(dialect.CreateView(view.Schema, view.Name, view.Body), ct);
        }

        return views.Count;
    }

    /// <summary>
    /// What <c>run</c>, <c>kpi</c>, <c>export</c> and <c>quarantine</c> check first: the warehouse was deployed by
    /// <c>init</c> at this program's schema version. A warehouse without a schema, or of another version, is refused
    /// with what to do, before any table is read or written.
    /// </summary>
    public static async Task RequireDeployedAsync(WarehouseDatabase database, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var tables = await QueryStringsAsync(db, $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{Areas.Etl}'", ct);
        var version = tables.Contains("schema_version", StringComparer.OrdinalIgnoreCase) ? await db.GetTable<EtlSchemaVersion>().MaxAsync(v => (int?)v.Version, ct) : null;
        if (version is null) throw new InvalidOperationException("The warehouse has no schema yet: run `init` first (or `demo` for the demo warehouse).");
        if (version > WarehouseTables.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The warehouse is at schema version {version}, newer than this program's version {WarehouseTables.SchemaVersion}: use the newer program (nothing was changed).");
        }

        if (version < WarehouseTables.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The warehouse is at schema version {version}, older than this program's version {WarehouseTables.SchemaVersion}: run `init` to upgrade it first (nothing was changed).");
        }
    }

    /// <summary>An older build must not "upgrade" a warehouse a newer one deployed: it would take away what it does not know.</summary>
    private static async Task RefuseNewerSchemaAsync(DataConnection db, HashSet<string> existingAreas, CancellationToken ct)
    {
        if (!existingAreas.Contains(Areas.Etl)) return;
        var tables = await QueryStringsAsync(db, $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{Areas.Etl}'", ct);
        if (!tables.Contains("schema_version", StringComparer.OrdinalIgnoreCase)) return;
        var newest = await db.GetTable<EtlSchemaVersion>().MaxAsync(v => (int?)v.Version, ct);
        if (newest > WarehouseTables.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The warehouse is at schema version {newest}, newer than this program's version {WarehouseTables.SchemaVersion}: run init with the newer program (nothing was changed).");
        }
    }

    private static async Task RecordVersionAsync(DataConnection db, CancellationToken ct)
    {
        var versions = db.GetTable<EtlSchemaVersion>();
        if (await versions.AnyAsync(v => v.Version == WarehouseTables.SchemaVersion, ct)) return;
        await db.InsertAsync(new EtlSchemaVersion
        {
            Version = WarehouseTables.SchemaVersion,
            AppliedAt = DateTime.UtcNow,
            Description = $"Schema version {WarehouseTables.SchemaVersion}",
        }, token: ct);
    }

    /// <summary>
    /// Schema version 8 widened the KPI tables' grain (persian_month). They hold only what the views compute, so a
    /// warehouse from before gets them new, and they are filled again below.
    /// </summary>
    private static async Task ReplaceKpiTablesBeforeVersion8Async(DataConnection db, SqlDialect dialect, Dictionary<(string Schema, string Table), HashSet<string>> existing, CancellationToken ct)
    {
        if (!existing.ContainsKey((Areas.Kpi, "kpi_value")) || !existing.ContainsKey((Areas.Etl, "schema_version"))) return;
        var recorded = await db.GetTable<EtlSchemaVersion>().MaxAsync(v => (int?)v.Version, ct);
        if (recorded is null or >= 8) return;
        foreach (var table in new[] { "kpi_value", "kpi_value_extra", "kpi_refresh" })
        {
            if (existing.Remove((Areas.Kpi, table))) await db.ExecuteAsync($"DROP TABLE {dialect.QualifiedName(Areas.Kpi, table)}", ct);
        }
    }

    /// <summary>Up to version 8 spend was keyed by campaign and day, so a second channel or source instance replaced the first.</summary>
    private static bool SpendKeyBeforeVersion9(Dictionary<(string Schema, string Table), HashSet<string>> existing) =>
        existing.TryGetValue((Areas.Dw, "fact_campaign_spend"), out var columns) && !columns.Contains("reported_channel");

    /// <summary>
    /// The old key gives way to the wider one once reported_channel is filled (from the channel's code); the rows stay,
    /// unique under the old key and so under the new one.
    /// </summary>
    private static async Task WidenSpendKeyAsync(DataConnection db, SqlDialect dialect, HashSet<(string, string)> existingKeys, CancellationToken ct)
    {
        var spend = TableShape.Of(typeof(Schema.Dw.FactCampaignSpend));
        var qualified = dialect.QualifiedName(spend.Schema, spend.Name);
        if (existingKeys.Remove((spend.Schema, spend.Name)))
        {
            await db.ExecuteAsync($"ALTER TABLE {qualified} DROP CONSTRAINT {dialect.Quote("pk_" + spend.Name)}", ct);
        }

        if (dialect.SetNotNull(spend.Schema, spend.Name, spend.Columns.Single(c => c.ColumnName == "reported_channel")) is { } notNull) await db.ExecuteAsync(notNull, ct);
        if (dialect.AddPrimaryKey(spend.Schema, spend.Name, "pk_" + spend.Name, spend.IsFact, spend.Key.Select(c => c.ColumnName).ToList()) is { } key)
        {
            await db.ExecuteAsync(key, ct);
        }
    }

    private static async Task<Dictionary<(string Schema, string Table), HashSet<string>>> ExistingColumnsAsync(DataConnection db, CancellationToken ct)
    {
        var areaList = string.Join(", ", Areas.All.Select(a => "'" + a + "'"));
        var rows = await db.QueryToListAsync(
            r => (Schema: r.GetString(0), Table: r.GetString(1), Column: r.GetString(2)),
            "SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c " +
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name " +
            $"WHERE t.table_type = 'BASE TABLE' AND c.table_schema IN ({areaList})", ct);
        return rows
            .GroupBy(r => (r.Schema.ToLowerInvariant(), r.Table.ToLowerInvariant()))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Column).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    private static Task<List<string>> QueryStringsAsync(DataConnection db, string sql, CancellationToken ct) =>
        db.QueryToListAsync(r => r.GetString(0), sql, ct);
}
