using Gateway.Core.Identity;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Recording;

/// <summary>Opens recordings from the recording directory by call id (<c>Calls.GetRecording</c>).</summary>
internal sealed class RecordingStore : IRecordingStore
{
    private readonly IRecordingRepository _recordings;
    private readonly RecordingOptions _options;

    public RecordingStore(IRecordingRepository recordings, RecordingOptions options)
    {
        _recordings = recordings;
        _options = options;
    }

    public async Task<RecordingStream?> OpenRecordingAsync(CallId call, CancellationToken cancellationToken = default)
    {
        var info = await _recordings.GetAsync(call, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return null;
        }

        var path = RecordingPaths.Full(_options.Directory, info.RelativePath);
        try
        {
            // Shared with the writer (a call still being recorded can be streamed as far as it goes) and with retention.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024, useAsync: true);
            return new RecordingStream(info, stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
