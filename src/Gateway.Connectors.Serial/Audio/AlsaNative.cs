using System.Runtime.InteropServices;

namespace Gateway.Connectors.Serial.Audio;

/// <summary>
/// The few libasound calls we need (radio-side.md §3, verified with .NET 10 P/Invoke). <c>snd_pcm_sframes_t</c> is
/// <c>nint</c>, <c>snd_pcm_uframes_t</c> is <c>nuint</c> on 64-bit Linux.
/// </summary>
internal static unsafe partial class AlsaNative
{
    private const string Library = "libasound.so.2";

    public const int StreamPlayback = 0;
    public const int StreamCapture = 1;
    public const int FormatS16Le = 2;
    public const int AccessRwInterleaved = 3;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EPipe = 32;
    public const int EStrPipe = 86;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_pcm_open(out nint pcm, string name, int stream, int mode);

    [LibraryImport(Library)]
    public static partial int snd_pcm_set_params(nint pcm, int format, int access, uint channels, uint rate, int softResample, uint latencyMicroseconds);

    [LibraryImport(Library)]
    public static partial int snd_pcm_get_params(nint pcm, out nuint bufferSize, out nuint periodSize);

    [LibraryImport(Library)]
    public static partial nint snd_pcm_readi(nint pcm, short* buffer, nuint frames);

    [LibraryImport(Library)]
    public static partial nint snd_pcm_writei(nint pcm, short* buffer, nuint frames);

    [LibraryImport(Library)]
    public static partial int snd_pcm_recover(nint pcm, int error, int silent);

    [LibraryImport(Library)]
    public static partial int snd_pcm_drop(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_close(nint pcm);

    [LibraryImport(Library)]
    private static partial nint snd_strerror(int error);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(snd_strerror(error)) ?? $"error {error}";
}
