using System.Buffers.Binary;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using NAudio.Wave;

namespace Gateway.Core.Endpoints;

/// <summary>
/// Records what a talk group hears into a 16-bit 48 kHz mono WAV file. It asks the router for L16, so a PCM talker's
/// bytes are written exactly as sent and all recorders of a group share one encode. Transmissions are written back
/// to back (the silence between them is not recorded). Disk writes run on the endpoint's own <see cref="EgressQueue"/>,
/// so a slow disk costs the recorder frames (counted), never the group.
/// </summary>
public sealed class WavRecorderSink : IVoiceEndpoint, IAsyncDisposable
{
    private readonly WaveFileWriter _writer;
    private readonly EgressQueue _queue;
    private readonly byte[] _convert = new byte[AudioFormat.FrameSamples * 2];
    private long _samples;
    private long _transmissions;

    /// <param name="id">The endpoint id.</param>
    /// <param name="path">The WAV file to create (its folder is created when missing).</param>
    /// <param name="queueFrames">Frames buffered for the disk (default 1 s).</param>
    /// <param name="metrics">Where dropped frames are counted.</param>
    public WavRecorderSink(EndpointId id, string path, int queueFrames = 50, GatewayMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Id = id;
        Path = path;
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _writer = new WaveFileWriter(path, new WaveFormat(AudioFormat.SampleRate, 16, 1));
        _queue = new EgressQueue(queueFrames, WriteAsync, metrics);
    }

    public EndpointId Id { get; }

    public EndpointKind Kind => EndpointKind.File;

    public CodecProfile EgressProfile => CodecProfile.Pcm48k;

    public string Path { get; }

    /// <summary>48 kHz samples written so far.</summary>
    public long SamplesWritten => Interlocked.Read(ref _samples);

    /// <summary>Transmissions that started while recording.</summary>
    public long Transmissions => Interlocked.Read(ref _transmissions);

    /// <summary>Frames lost because the disk could not keep up.</summary>
    public long Dropped => _queue.Dropped;

    public void Deliver(MediaPacket packet) => _queue.Enqueue(packet);

    public void OnFloorNotice(FloorNotice notice)
    {
    }

    /// <summary>Writes what is queued and closes the file (the WAV header gets its final length).</summary>
    public async ValueTask DisposeAsync()
    {
        await _queue.CompleteAsync();
        await _queue.DisposeAsync();
        await _writer.DisposeAsync();
    }

    private ValueTask WriteAsync(MediaPacket packet, CancellationToken cancellationToken)
    {
        if ((packet.Flags & FrameFlags.StartOfTransmission) != 0)
        {
            Interlocked.Increment(ref _transmissions);
        }

        if (packet.Profile == CodecProfile.Pcm48k && packet.PayloadLength > 0)
        {
            _writer.Write(packet.Payload);
            Interlocked.Add(ref _samples, packet.PayloadLength / 2);
        }
        else if (packet.HasPcm)
        {
            var pcm = packet.Pcm;
            for (var i = 0; i < pcm.Length; i++)
            {
                var s16 = (short)Math.Clamp(MathF.Round(pcm[i] * 32768f), short.MinValue, short.MaxValue);
                BinaryPrimitives.WriteInt16LittleEndian(_convert.AsSpan(i * 2), s16);
            }

            _writer.Write(_convert);
            Interlocked.Add(ref _samples, pcm.Length);
        }

        return ValueTask.CompletedTask;
    }
}
