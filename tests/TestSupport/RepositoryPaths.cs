namespace McpOrchestrator.TestSupport;

/// <summary>Locates the repository root and the npm tools that tests start (installed by <c>npm ci</c>).</summary>
public static class RepositoryPaths
{
    private const string SolutionFileName = "McpOrchestrator.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>McpOrchestrator.sln</c>, found by walking up from the test binaries.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The <c>azurite-table</c> launcher that npm puts in <c>node_modules/.bin</c>.</summary>
    public static string AzuriteTableBin => RequireNpmFile(Path.Combine("node_modules", ".bin", "azurite-table"));

    /// <summary>
    /// The JavaScript entry point behind <see cref="AzuriteTableBin"/>; started as <c>node &lt;script&gt;</c> so that
    /// no shell is needed on any platform.
    /// </summary>
    public static string AzuriteTableScript =>
        RequireNpmFile(Path.Combine("node_modules", "azurite", "dist", "src", "table", "main.js"));

    /// <summary>Azurite's all-services entry point (blob, queue and table).</summary>
    public static string AzuriteScript =>
        RequireNpmFile(Path.Combine("node_modules", "azurite", "dist", "src", "azurite.js"));

    /// <summary>server-everything's entry script (<c>node_modules/@modelcontextprotocol/server-everything/dist/index.js</c>,
    /// the package's bin), started as <c>node &lt;script&gt; stdio|streamableHttp|sse</c>.</summary>
    public static string EverythingScript =>
        RequireNpmFile(Path.Combine("node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js"));

    private static string RequireNpmFile(string relativePath)
    {
        NpmTools.EnsureInstalled();
        var path = Path.Combine(Root, relativePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"'{relativePath}' was not found under the repository root '{Root}'. Run `npm ci` in the repository root to install the pinned npm tools (azurite).",
                path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No folder above '{AppContext.BaseDirectory}' contains {SolutionFileName}; run the tests from inside the repository.");
    }
}
