namespace Gateway.Connectors.Serial.Protocol;

/// <summary>
/// A small growable byte buffer for a CAT receive loop: append what the port gave, let a reader consume whole messages,
/// keep the rest for the next read. Bounded so a stream of garbage cannot grow it without limit.
/// </summary>
public sealed class CatByteBuffer
{
    private readonly byte[] _buffer;
    private int _length;

    public CatByteBuffer(int capacity = 512)
    {
        _buffer = new byte[capacity];
    }

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, _length);

    /// <summary>Bytes discarded because the buffer was full (the reader could not make progress).</summary>
    public long Overflowed { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            // The readers bound message length far below capacity, so a full buffer is garbage: keep only the newest bytes.
            Overflowed += _length;
            _length = 0;
            if (bytes.Length > _buffer.Length)
            {
                Overflowed += bytes.Length - _buffer.Length;
                bytes = bytes[^_buffer.Length..];
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _length);
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }

    public void Clear() => _length = 0;
}
