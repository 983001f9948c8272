using LinqToDB.Mapping;

namespace Warehouse.Jobs.Dashboard;

/// <summary>A row of exec.source_status: a source instance's freshness and its reconciliation with the source's own counts.</summary>
[Table(Schema = "exec", Name = "source_status")]
public sealed class SourceStatusRow
{
    [Column("source")] public string Source { get; set; } = "";
    [Column("last_success")] public DateTime? LastSuccess { get; set; }
    [Column("last_reconciled_at")] public DateTime? LastReconciledAt { get; set; }
    [Column("open_differences")] public long OpenDifferences { get; set; }
    [Column("reconciliation_status")] public string ReconciliationStatus { get; set; } = "";
}
