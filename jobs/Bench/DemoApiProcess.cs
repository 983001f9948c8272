using System.Diagnostics;
using System.Reflection;

namespace Warehouse.Jobs.Bench;

/// <summary>
/// The demo API server (<c>demo-api</c>) in a child process of the same executable, so that its index of the
/// records does not count in the measured process's memory.
/// </summary>
internal sealed class DemoApiProcess : IAsyncDisposable
{
    private readonly Process process;

    private DemoApiProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<DemoApiProcess> StartAsync(string root, CancellationToken ct)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [Assembly.GetEntryAssembly()!.Location, "demo-api", "--root", root])
            : new ProcessStartInfo(self, ["demo-api", "--root", root]);
        start.RedirectStandardOutput = true;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the demo API process");
        var line = await process.StandardOutput.ReadLineAsync(ct);
        if (line is null || !Uri.TryCreate(line, UriKind.Absolute, out var address))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the demo API process did not print its address (got '{line}')");
        }

        return new DemoApiProcess(process, address);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
