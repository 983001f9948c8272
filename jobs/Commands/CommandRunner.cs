using Serilog;

namespace Warehouse.Jobs.Commands;

/// <summary>
/// Loads configuration and logging for a command and turns failures into a clear message and exit code 1: the cause
/// and what to do, and the .NET stack trace only with <c>--verbose</c>.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Set by <c>--verbose</c> (on every command).</summary>
    public static bool Verbose { get; set; }

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
            if (Verbose)
            {
                Log.Error(ex, "Failed: {Message}", ex.Message);
            }
            else
            {
                Log.Error("Failed: {Message}", ex.Message);
                Log.Information("Run the command again with --verbose for the full error.");
            }

            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
