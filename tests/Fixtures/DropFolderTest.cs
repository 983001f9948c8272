using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Fixtures;

/// <summary>A deployed warehouse with an empty drop folder (one subfolder per stream) and the Files source run over it.</summary>
public abstract class DropFolderTest(EngineKind engine) : KpiTestBase(engine)
{
    protected string Root { get; private set; } = null!;

    [SetUp]
    public async Task CreateDropAsync()
    {
        Root = Path.Combine(Path.GetTempPath(), "drop-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var stream in new[] { "web_sessions", "surveys", "marketing_spend" }) Directory.CreateDirectory(Path.Combine(Root, stream));
        await DeployAsync();
    }

    [TearDown]
    public void DeleteDrop() => Directory.Delete(Root, recursive: true);

    /// <summary>Runs the Files source; without settings, files are taken at once (no settle time).</summary>
    protected async Task<SourceRunResult> RunFilesAsync(SourceSettings? settings = null)
    {
        settings ??= new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero };
        using var source = new FilesSource(settings, Database);
        return await new SourcePipeline(Database, Settings).RunAsync(source, CancellationToken.None);
    }
}
