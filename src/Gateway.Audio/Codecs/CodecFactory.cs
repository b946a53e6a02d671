using Concentus;
using Concentus.Enums;
using Gateway.Audio.Codecs.G711;
using Gateway.Audio.Codecs.L16;
using Gateway.Audio.Codecs.Opus;
using Gateway.Audio.Resampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Audio.Codecs;

/// <summary>
/// Creates codecs for profiles. Opus runs on the system libopus when it can be loaded (see <see cref="OpusNativeLibrary"/>)
/// and on Concentus's managed port otherwise; <see cref="OpusImplementation"/> says which, and it is logged once.
/// Thread-safe; the codecs it creates are not (one per stream).
/// </summary>
public sealed partial class CodecFactory : ICodecFactory
{
    private readonly CodecFactoryOptions _options;

    public CodecFactory(CodecFactoryOptions? options = null, ILogger<CodecFactory>? logger = null)
    {
        _options = options ?? new CodecFactoryOptions();
        _options.Opus.Validate();
        if (_options.ResamplerQuality is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ResamplerQuality, "CodecFactoryOptions.ResamplerQuality must be 0..10.");
        }

        var log = logger ?? NullLogger<CodecFactory>.Instance;
        if (_options.PreferNativeOpus && OpusNativeLibrary.IsAvailable && TryProbeNative(out var version))
        {
            OpusImplementation = OpusImplementation.Native;
            OpusVersion = version;
            LogOpusNative(log, version, OpusNativeLibrary.Detail);
        }
        else
        {
            OpusImplementation = OpusImplementation.Managed;
            using var probe = CreateManagedEncoder();
            OpusVersion = probe.GetVersionString();
            var reason = !_options.PreferNativeOpus ? "native disabled by configuration"
                : OpusNativeLibrary.IsAvailable ? "Concentus did not take the native library " + OpusNativeLibrary.Detail
                : OpusNativeLibrary.Detail;
            LogOpusManaged(log, OpusVersion, reason);
        }
    }

    /// <summary>The Opus implementation every Opus codec from this factory uses.</summary>
    public OpusImplementation OpusImplementation { get; }

    /// <summary>The implementation's version string, e.g. "libopus 1.3.1" or "Concentus 2.1.2".</summary>
    public string OpusVersion { get; }

    public IAudioEncoder CreateEncoder(CodecProfile profile)
    {
        ValidateProfile(profile);
        return profile.Codec switch
        {
            CodecKind.Opus => CreateOpusEncoder(_options.Opus with { Bitrate = profile.Bitrate > 0 ? profile.Bitrate : _options.Opus.Bitrate }),
            CodecKind.Pcmu or CodecKind.Pcma => new G711Encoder(profile, _options.ResamplerQuality),
            _ => new L16Encoder(profile, _options.ResamplerQuality),
        };
    }

    /// <summary>An Opus encoder with explicit settings (bitrate, complexity, FEC, DTX).</summary>
    public IAudioEncoder CreateOpusEncoder(OpusEncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var encoder = OpusImplementation == OpusImplementation.Native
            ? OpusCodecFactory.CreateEncoder(AudioFormat.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP)
            : CreateManagedEncoder();
        return new OpusEncoderAdapter(encoder, settings);
    }

    public IAudioDecoder CreateDecoder(CodecProfile profile)
    {
        ValidateProfile(profile);
        return profile.Codec switch
        {
            CodecKind.Opus => new OpusDecoderAdapter(
                OpusImplementation == OpusImplementation.Native
                    ? OpusCodecFactory.CreateDecoder(AudioFormat.SampleRate, 1)
                    : CreateManagedDecoder(),
                profile),
            CodecKind.Pcmu or CodecKind.Pcma => new G711Decoder(profile, _options.ResamplerQuality),
            _ => new L16Decoder(profile, _options.ResamplerQuality),
        };
    }

    private static void ValidateProfile(CodecProfile profile)
    {
        switch (profile.Codec)
        {
            case CodecKind.Opus when profile.SampleRate != AudioFormat.SampleRate:
                throw new ArgumentException($"Opus profile must use the 48000 Hz clock, not {profile.SampleRate}.", nameof(profile));
            case CodecKind.Pcmu or CodecKind.Pcma when profile.SampleRate != 8_000:
                throw new ArgumentException($"G.711 profile must be 8000 Hz, not {profile.SampleRate}.", nameof(profile));
            case CodecKind.L16 when !AudioResampler.IsSupportedRate(profile.SampleRate):
                throw new ArgumentException($"L16 profile sample rate {profile.SampleRate} is not supported.", nameof(profile));
            case CodecKind.Opus or CodecKind.Pcmu or CodecKind.Pcma or CodecKind.L16:
                break;
            default:
                throw new ArgumentException($"Unknown codec {profile.Codec}.", nameof(profile));
        }
    }

    private static bool TryProbeNative(out string version)
    {
        using var encoder = OpusCodecFactory.CreateEncoder(AudioFormat.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        version = encoder.GetVersionString();
        return encoder is not Concentus.Structs.OpusEncoder;
    }

#pragma warning disable CS0618 // The direct constructors are the only way to get the managed codec without flipping Concentus's global native switch.
    private static IOpusEncoder CreateManagedEncoder() =>
        new Concentus.Structs.OpusEncoder(AudioFormat.SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);

    private static IOpusDecoder CreateManagedDecoder() => new Concentus.Structs.OpusDecoder(AudioFormat.SampleRate, 1);
#pragma warning restore CS0618

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Opus codec: native {OpusVersion} (loaded {Library})")]
    private static partial void LogOpusNative(ILogger logger, string opusVersion, string library);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Opus codec: managed {OpusVersion}, native libopus not used: {Reason}")]
    private static partial void LogOpusManaged(ILogger logger, string opusVersion, string reason);
}
