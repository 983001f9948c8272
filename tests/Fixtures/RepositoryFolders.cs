namespace Warehouse.Tests.Fixtures;

/// <summary>The checkout the tests run from (the folder of Warehouse.sln) and the read-only shared folder beside it.</summary>
internal static class RepositoryFolders
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/samples/real: the recorded real API responses and public datasets.</summary>
    public static string RealSamples => Path.Combine(Directory.GetParent(Root)!.FullName, "shared", "samples", "real");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Warehouse.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (Warehouse.sln) is not above the test binaries.");
    }
}
