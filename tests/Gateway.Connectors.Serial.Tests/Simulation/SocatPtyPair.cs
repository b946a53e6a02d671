using System.Diagnostics;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Serial.Tests.Simulation;

/// <summary>
/// A pair of linked Linux ptys made by socat (<c>socat pty,raw,echo=0,link=a pty,raw,echo=0,link=b</c>): the gateway
/// opens <see cref="GatewaySide"/>, the radio simulator <see cref="RadioSide"/>. Killing socat makes both vanish, like
/// an unplugged USB adapter; <see cref="Start"/> again brings them back under the same names.
/// </summary>
internal sealed class SocatPtyPair : IDisposable
{
    private readonly string _socat = RequiredTool.Find("socat");
    private Process? _process;

    public SocatPtyPair()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gw-serial-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        Start();
    }

    public string Directory { get; }

    public string GatewaySide => Path.Combine(Directory, "gateway");

    public string RadioSide => Path.Combine(Directory, "radio");

    public void Start()
    {
        File.Delete(GatewaySide);
        File.Delete(RadioSide);
        var info = new ProcessStartInfo(_socat)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-d");
        info.ArgumentList.Add($"pty,raw,echo=0,link={GatewaySide}");
        info.ArgumentList.Add($"pty,raw,echo=0,link={RadioSide}");
        _process = Process.Start(info) ?? throw new InvalidOperationException("socat did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Wait.Until(() => File.Exists(GatewaySide) && File.Exists(RadioSide), TimeSpan.FromSeconds(5), "socat ptys");
    }

    /// <summary>Kills socat (SIGKILL): the ptys disappear mid-conversation, the links dangle.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
