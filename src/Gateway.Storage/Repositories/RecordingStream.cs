namespace Gateway.Storage.Repositories;

/// <summary>An opened recording: its index entry and the Ogg Opus bytes (the caller disposes).</summary>
public sealed class RecordingStream : IAsyncDisposable, IDisposable
{
    public RecordingStream(RecordingInfo info, Stream content)
    {
        Info = info;
        Content = content;
    }

    public RecordingInfo Info { get; }

    /// <summary>The file's bytes, content type <c>audio/ogg; codecs=opus</c>.</summary>
    public Stream Content { get; }

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
