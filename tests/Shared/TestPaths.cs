namespace Gateway.Tests.Shared;

/// <summary>Locates the repository root and the test data folder from any test's output directory.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string TestData => Path.Combine(RepositoryRoot, "tests", "testdata");

    public static string TestDataFile(string name) => Path.Combine(TestData, name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
