using Gateway.Audio.Codecs;
using Gateway.Audio.Files;
using Gateway.Audio.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Files;

public sealed class OggOpusTests
{
    private static void WriteTone(string path, double seconds, OggOpusWriterOptions? options = null)
    {
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(32_000));
        using var writer = new OggOpusWriter(File.Create(path), options);
        var frames = (int)(seconds * 50);
        var tone = Signal.Sine(1000, 0.5, frames * 960, 48_000);
        var payload = new byte[AudioFormat.MaxPacketBytes];
        for (var f = 0; f < frames; f++)
        {
            writer.WritePacket(payload.AsSpan(0, encoder.Encode(tone.AsSpan(f * 960, 960), payload)));
        }
    }

    [Fact]
    public void OggOpusWriter_FileDecodedByFfmpeg_HasDurationAndTone()
    {
        using var dir = new TempDirectory();
        WriteTone(dir.File("t.opus"), 2.0);
        ExternalProcess.Ffmpeg("-i", dir.File("t.opus"), "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", dir.File("t.wav"));
        var pcm = WavFile.ReadMono48k(dir.File("t.wav"));

        // 100 packets × 960 minus the 312-sample pre-skip.
        Assert.InRange(pcm.Length, 96_000 - 312 - 2, 96_000 - 312 + 2);
        var steady = pcm.AsSpan(9600, 76_800);
        Assert.InRange(Signal.PeakFrequency(steady, 48_000, 900, 1100), 998, 1002);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(steady, 1000, 48_000) / 0.5), -1.5, 1.0);
    }

    [Fact]
    public void OggOpusWriter_FileDecodedByOpusdec_PassesCrcAndHasDuration()
    {
        using var dir = new TempDirectory();
        WriteTone(dir.File("t.opus"), 1.0);
        var log = ExternalProcess.Run("opusdec", "--rate", "48000", dir.File("t.opus"), dir.File("t.wav"));
        Assert.DoesNotContain("hole", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("corrupt", log, StringComparison.OrdinalIgnoreCase);
        var pcm = WavFile.ReadMono48k(dir.File("t.wav"));
        Assert.InRange(pcm.Length, 48_000 - 312 - 2, 48_000 - 312 + 2);
    }

    [Fact]
    public void OggOpusWriter_Mixed10To60msAndDtxPackets_FfmpegDecodesExactDuration()
    {
        using var dir = new TempDirectory();
        var factory = new CodecFactory();
        using var encoder = factory.CreateOpusEncoder(new Gateway.Audio.Codecs.Opus.OpusEncoderSettings { Bitrate = 24_000, Dtx = true });
        var payload = new byte[AudioFormat.MaxPacketBytes];
        long samples = 0;
        using (var writer = new OggOpusWriter(File.Create(dir.File("m.opus"))))
        {
            foreach (var size in new[] { 480, 960, 1920, 2880, 960, 480, 2880, 1920 })
            {
                for (var i = 0; i < 5; i++)
                {
                    var frame = Signal.Sine(900, i % 2 == 0 ? 0.3 : 0.0, size, 48_000); // every other packet silent (DTX)
                    writer.WritePacket(payload.AsSpan(0, Math.Max(1, encoder.Encode(frame, payload))));
                    samples += size;
                }
            }

            Assert.Equal(samples, writer.GranulePosition);
        }

        ExternalProcess.Ffmpeg("-i", dir.File("m.opus"), "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", dir.File("m.wav"));
        var pcm = WavFile.ReadMono48k(dir.File("m.wav"));
        Assert.Equal(samples - 312, pcm.Length);
    }

    [Fact]
    public void OggOpusReader_FileWrittenByFfmpegLibopus_DecodesToneAndMetadata()
    {
        using var dir = new TempDirectory();
        ExternalProcess.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=1000:duration=1.5:sample_rate=48000", "-ac", "1", "-c:a", "libopus",
            "-b:a", "32k", "-metadata", "title=Gateway test", dir.File("f.opus"));
        using var reader = new OggOpusReader(File.OpenRead(dir.File("f.opus")));
        Assert.Equal(1, reader.Header.Channels);
        Assert.True(reader.Header.PreSkip > 0);
        Assert.Contains(reader.Comments, c => c.Key.Equals("title", StringComparison.OrdinalIgnoreCase) && c.Value == "Gateway test");
        Assert.StartsWith("Lavf", reader.Vendor, StringComparison.Ordinal);
        var pcm = reader.DecodeToEnd(new CodecFactory());
        Assert.Equal(72_000, pcm.Length);
        Assert.Equal(0, reader.CorruptPages);
        var steady = pcm.AsSpan(4800, 57_600);
        Assert.InRange(Signal.PeakFrequency(steady, 48_000, 900, 1100), 998, 1002);
        Assert.InRange(Signal.Db(Signal.ToneAmplitude(steady, 1000, 48_000) / 0.125), -1.5, 1.0);
    }

    [Fact]
    public void WriterThenReader_PacketsAndComments_RoundTripUntouched()
    {
        var options = new OggOpusWriterOptions { Vendor = "Gateway test", PreSkip = 0, MaxPageSamples = 960 * 7 };
        options.AddComment("TALKGROUP", "fire-ops");
        options.AddComment("TITLE", "Ünit 12 – call");
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(24_000));
        var tone = Signal.Sine(700, 0.3, 960 * 40, 48_000);
        var packets = new List<byte[]>();
        var payload = new byte[AudioFormat.MaxPacketBytes];
        using var ms = new MemoryStream();
        using (var writer = new OggOpusWriter(ms, options, leaveOpen: true))
        {
            for (var f = 0; f < 40; f++)
            {
                var p = payload.AsSpan(0, encoder.Encode(tone.AsSpan(f * 960, 960), payload)).ToArray();
                packets.Add(p);
                writer.WritePacket(p);
            }

            Assert.Equal(40 * 960, writer.GranulePosition);
        }

        ms.Position = 0;
        using var reader = new OggOpusReader(ms);
        Assert.Equal("Gateway test", reader.Vendor);
        Assert.Equal(options.Comments, reader.Comments);
        var buffer = new byte[AudioFormat.MaxPacketBytes];
        foreach (var expected in packets)
        {
            var n = reader.ReadPacket(buffer);
            Assert.Equal(expected, buffer.AsSpan(0, n).ToArray());
        }

        Assert.Equal(-1, reader.ReadPacket(buffer));
        Assert.Equal(40 * 960, reader.GranulePosition);
    }

    [Fact]
    public void OggOpusReader_CorruptedPage_IsSkippedAndCounted()
    {
        using var ms = new MemoryStream();
        var options = new OggOpusWriterOptions { MaxPageSamples = 960 * 5 };
        var factory = new CodecFactory();
        using var encoder = factory.CreateEncoder(CodecProfile.Opus(24_000));
        var payload = new byte[AudioFormat.MaxPacketBytes];
        using (var writer = new OggOpusWriter(ms, options, leaveOpen: true))
        {
            for (var f = 0; f < 20; f++)
            {
                writer.WritePacket(payload.AsSpan(0, encoder.Encode(Signal.Sine(500, 0.3, 960, 48_000), payload)));
            }
        }

        var bytes = ms.ToArray();
        bytes[^30] ^= 0x55; // inside the last audio page
        using var reader = new OggOpusReader(new MemoryStream(bytes));
        var count = 0;
        while (reader.ReadPacket(payload) >= 0)
        {
            count++;
        }

        Assert.Equal(1, reader.CorruptPages);
        Assert.InRange(count, 10, 19);
    }

    [Fact]
    public void WritePacket_SteadyState_AllocatesNothing()
    {
        using var writer = new OggOpusWriter(Stream.Null);
        byte[] packet = [0x78, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        for (var i = 0; i < 200; i++)
        {
            writer.WritePacket(packet);
        }

        var allocated = SteadyStateAllocation.QuietestWindow(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                writer.WritePacket(packet);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void OggOpusReader_NotOgg_ThrowsInvalidData() =>
        Assert.Throws<InvalidDataException>(() => new OggOpusReader(new MemoryStream("RIFF0000WAVEfmt 1234567890123456789"u8.ToArray())));
}
