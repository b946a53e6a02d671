using Gateway.Audio;
using Gateway.Audio.Files;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Recording;

/// <summary>
/// At start, indexes the recordings a killed process left open: their file is playable up to its last flushed page
/// (at most a second short), so the index gets the file's real duration and size, and the end time; it stays marked
/// incomplete (no per-talker comments were written).
/// </summary>
internal static class RecordingRecovery
{
    public static async Task<int> RecoverAsync(IRecordingRepository recordings, string root, TimeProvider time, CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var recording in await recordings.ListUnfinishedAsync(cancellationToken).ConfigureAwait(false))
        {
            var path = RecordingPaths.Full(root, recording.RelativePath);
            var (duration, size, lastWrite) = Measure(path);
            await recordings.RecordingCompletedAsync(
                recording with { EndedAt = lastWrite ?? time.GetUtcNow(), Duration = duration, SizeBytes = size, Complete = false },
                cancellationToken).ConfigureAwait(false);
            recovered++;
        }

        return recovered;
    }

    private static (TimeSpan Duration, long Size, DateTimeOffset? LastWrite) Measure(string path)
    {
        if (!File.Exists(path))
        {
            return (TimeSpan.Zero, 0, null);
        }

        var info = new FileInfo(path);
        try
        {
            using var reader = new OggOpusReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            var packet = new byte[255 * 255];
            while (reader.ReadPacket(packet) >= 0)
            {
            }

            var samples = Math.Max(0, reader.GranulePosition - reader.Header.PreSkip);
            return (TimeSpan.FromMilliseconds(samples * 1000 / AudioFormat.SampleRate), info.Length, info.LastWriteTimeUtc);
        }
        catch (InvalidDataException)
        {
            // Killed before the headers were written: nothing playable.
            return (TimeSpan.Zero, info.Length, info.LastWriteTimeUtc);
        }
    }
}
