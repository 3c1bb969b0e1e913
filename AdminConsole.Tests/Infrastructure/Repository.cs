namespace AdminConsole.Tests.Infrastructure;

/// <summary>The repository the tests run from: the folder above the test binaries that holds AdminConsole.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>A path relative to the root, with forward slashes.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AdminConsole.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("AdminConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
