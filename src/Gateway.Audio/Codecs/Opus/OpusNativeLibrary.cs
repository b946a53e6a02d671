using System.Collections;
using System.Reflection;
using System.Runtime.InteropServices;
using Concentus;

namespace Gateway.Audio.Codecs.Opus;

/// <summary>
/// Makes Concentus use the system's libopus where Debian ships only <c>libopus.so.0</c> (no <c>libopus.so</c> symlink
/// without libopus-dev). Concentus probes with its own dlopen("libopus.so") and caches the answer per process, so a
/// DllImport resolver alone is not enough: we load the library, resolve Concentus's "opus" import to it, and mark
/// "libopus.so" as available in Concentus's private probe cache (NativePlatformUtils._loadedLibraries, 2.2.2).
/// Runs once per process; any failure leaves Concentus on its managed codec and says why.
/// </summary>
internal static class OpusNativeLibrary
{
    private static readonly string[] Candidates = ["libopus.so.0", "libopus.so", "opus", "libopus.0.dylib", "opus.dll"];
    private static readonly Lazy<(bool Available, string Detail)> State = new(Enable, LazyThreadSafetyMode.ExecutionAndPublication);
    private static IntPtr _handle;

    /// <summary>True when native libopus is wired into Concentus; <see cref="Detail"/> says which library or why not.</summary>
    public static bool IsAvailable => State.Value.Available;

    public static string Detail => State.Value.Detail;

    private static (bool, string) Enable()
    {
        string? loadedName = null;
        foreach (var name in Candidates)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                if (NativeLibrary.TryGetExport(handle, "opus_get_version_string", out _))
                {
                    _handle = handle;
                    loadedName = name;
                    break;
                }

                NativeLibrary.Free(handle);
            }
        }

        if (loadedName is null)
        {
            return (false, "no native libopus found (tried " + string.Join(", ", Candidates) + ")");
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(OpusCodecFactory).Assembly, Resolve);
        }
        catch (InvalidOperationException ex)
        {
            // Someone else set a resolver for Concentus; we cannot be sure ours applies.
            return (false, "a DllImport resolver is already set for Concentus: " + ex.Message);
        }

        var cacheError = MarkProbeCacheAvailable();
        if (cacheError is not null)
        {
            return (false, cacheError);
        }

        return (true, loadedName);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        string.Equals(libraryName, "opus", StringComparison.Ordinal) || libraryName.StartsWith("libopus", StringComparison.Ordinal)
            ? _handle
            : IntPtr.Zero;

    private static string? MarkProbeCacheAvailable()
    {
        var utils = typeof(OpusCodecFactory).Assembly.GetType("Concentus.Native.NativePlatformUtils");
        var field = utils?.GetField("_loadedLibraries", BindingFlags.NonPublic | BindingFlags.Static);
        if (field?.GetValue(null) is not IDictionary cache)
        {
            return "Concentus.Native.NativePlatformUtils._loadedLibraries not found (Concentus version changed?)";
        }

        var valueType = field.FieldType.IsGenericType ? field.FieldType.GetGenericArguments()[^1] : null;
        if (valueType is null || !valueType.IsEnum || !Enum.IsDefined(valueType, "Available"))
        {
            return "Concentus NativeLibraryStatus.Available not found (Concentus version changed?)";
        }

        lock (cache)
        {
            cache["libopus.so"] = Enum.Parse(valueType, "Available");
        }

        return null;
    }
}
