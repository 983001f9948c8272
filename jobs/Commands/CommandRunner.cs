using Serilog;

namespace Warehouse.Jobs.Commands;

/// <summary>Loads configuration and logging for a command and turns failures into a clear message and exit code 1.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<HostConfiguration, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var configuration = HostConfiguration.Load();
        Log.Logger = HostConfiguration.CreateLogger(configuration);
        try
        {
            return await action(new HostConfiguration(configuration), ct);
        }
        catch (OperationCanceledException)
        {
            Log.Warning("Cancelled");
            return 130;
        }
        catch (Exception ex)
        {
            Log.Error(ex, "Failed: {Message}", ex.Message);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
