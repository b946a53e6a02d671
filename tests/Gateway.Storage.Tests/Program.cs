using Gateway.Storage.Tests.Crash;

namespace Gateway.Storage.Tests;

/// <summary>
/// Entry point of the test assembly. Under the test runner it is not used; <c>dotnet Gateway.Storage.Tests.dll
/// crash-child DB DIR</c> runs the child gateway process of the crash test.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [CrashChild.Verb, var database, var recordings])
        {
            return await CrashChild.RunAsync(database, recordings);
        }

        await Console.Error.WriteLineAsync($"usage: {CrashChild.Verb} <database file> <recording directory>");
        return 2;
    }
}
