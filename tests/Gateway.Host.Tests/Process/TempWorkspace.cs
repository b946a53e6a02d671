using System.Text.Json.Nodes;

namespace Gateway.Host.Tests.Process;

/// <summary>A temporary working directory for one gateway process: its configuration file, data and logs live here.</summary>
internal sealed class TempWorkspace : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("gateway-host-").FullName;

    public string WriteConfig(JsonObject configuration, string name = "gateway.json")
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, configuration.ToJsonString());
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being closed by an exiting child: leave it to the OS temp cleanup.
        }
    }
}
