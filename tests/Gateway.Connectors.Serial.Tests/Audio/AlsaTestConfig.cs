using System.Runtime.InteropServices;

namespace Gateway.Connectors.Serial.Tests.Audio;

/// <summary>
/// A private ALSA configuration (radio-side.md §4): the stock alsa.conf plus two PCMs built from the userspace
/// <c>file</c> and <c>null</c> plugins — <c>gwtx</c> writes what is played to a raw file, <c>gwrx</c> captures from a raw
/// file — so the real libasound code path runs without a sound card. ALSA reads ALSA_CONFIG_PATH from the native
/// environment, which Environment.SetEnvironmentVariable does not change on Linux, hence setenv.
/// </summary>
internal static partial class AlsaTestConfig
{
    private static readonly Lazy<string> Dir = new(Create);

    public static string Directory => Dir.Value;

    public static string PlaybackFile => Path.Combine(Directory, "tx.raw");

    public static string CaptureFile => Path.Combine(Directory, "rx.raw");

    public const int Rate = 8000;

    /// <summary>The capture input: a 700 Hz tone at about -12 dBFS, 20 s long (ALSA repeats stale audio past the end).</summary>
    public static short[] CaptureSamples { get; } = MakeTone(Rate * 20);

    private static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gw-alsa-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "rx.raw"), MemoryMarshal.AsBytes(CaptureSamples.AsSpan()).ToArray());
        var conf = Path.Combine(dir, "gateway-test.conf");
        File.WriteAllText(conf, $$"""
            pcm.gwtx { type file; slave.pcm "null"; file "{{dir}}/tx.raw"; format "raw" }
            pcm.gwrx { type file; slave.pcm "null"; file "/dev/null"; infile "{{dir}}/rx.raw"; format "raw" }
            """);
        if (setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + conf, 1) != 0)
        {
            throw new InvalidOperationException("setenv failed");
        }

        return dir;
    }

    private static short[] MakeTone(int count)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 700 * i / Rate));
        }

        return samples;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
