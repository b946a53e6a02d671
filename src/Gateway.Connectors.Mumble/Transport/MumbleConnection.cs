using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Transport;

/// <summary>
/// One TLS connection to a Mumble server: connect, send frames (serialised by one lock), and a receive loop that reads
/// frames from a <see cref="PipeReader"/>, answers nothing itself but keeps the TCP Ping keepalive going and detects a
/// silent server. Parsing is delegated to the pure Protocol layer. One instance per connection attempt.
/// </summary>
internal sealed partial class MumbleConnection : IAsyncDisposable
{
    private const int MaxVoicePacket = 4096;

    private readonly Socket _socket;
    private readonly SslStream _ssl;
    private readonly MumbleTransportTimings _timings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _messageBuffer = new(1024);
    private readonly byte[] _voiceFrame = new byte[MumbleFrameReader.HeaderSize + MaxVoicePacket];
    private readonly MumbleFrameReader _reader = new();
    private int _unansweredPings;
    private int _disposed;

    private MumbleConnection(Socket socket, SslStream ssl, MumbleTransportTimings timings, TimeProvider time, ILogger logger, string name)
    {
        _socket = socket;
        _ssl = ssl;
        _timings = timings;
        _time = time;
        _logger = logger;
        _name = name;
    }

    /// <summary>Control frames of types the gateway ignores, counted by the frame reader.</summary>
    public long UnknownFrames => _reader.UnknownFrames;

    /// <summary>Voice packets too large to relay (dropped).</summary>
    public long OversizedVoicePackets { get; private set; }

    /// <summary>Connects TCP (TCP_NODELAY), runs the TLS handshake with <paramref name="certificatePolicy"/> and an optional client certificate.</summary>
    public static async Task<MumbleConnection> ConnectAsync(
        string host,
        int port,
        ServerCertificatePolicy certificatePolicy,
        X509Certificate2? clientCertificate,
        MumbleTransportTimings timings,
        TimeProvider time,
        ILogger logger,
        string name,
        CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(timings.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? ssl = null;
        try
        {
            await socket.ConnectAsync(host, port, linked.Token);
            ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificatePolicy.Validate(certificate, errors),
                CertificateRevocationCheckMode = X509RevocationMode.Offline,
            };
            if (clientCertificate is not null)
            {
                options.ClientCertificates = [clientCertificate];
            }

            await ssl.AuthenticateAsClientAsync(options, linked.Token);
            return new MumbleConnection(socket, ssl, timings, time, logger, name);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietly(ssl, socket);
            throw new MumbleConnectionException($"Connecting to {host}:{port} timed out after {timings.ConnectTimeout.TotalSeconds:0.#} s.");
        }
        catch (AuthenticationException ex)
        {
            await DisposeQuietly(ssl, socket);
            throw new MumbleConnectionException(
                $"TLS handshake with {host}:{port} failed: {certificatePolicy.LastRejection ?? ex.Message}", ex) { IsPermanent = certificatePolicy.LastRejection is not null };
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            await DisposeQuietly(ssl, socket);
            throw new MumbleConnectionException($"Cannot connect to {host}:{port}: {ex.Message}", ex);
        }
        catch
        {
            await DisposeQuietly(ssl, socket);
            throw;
        }
    }

    /// <summary>Sends a control message.</summary>
    public async ValueTask SendAsync(IMessage message, CancellationToken cancellationToken)
    {
        var type = MumbleMessageCodec.TypeOf(message);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            _messageBuffer.ResetWrittenCount();
            MumbleFrameWriter.WriteMessage(_messageBuffer, type, message);
            await _ssl.WriteAsync(_messageBuffer.WrittenMemory, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            throw new MumbleConnectionException($"Sending {type} failed: {ex.Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a client → server voice packet through the TCP tunnel (type 1). Allocation-free: one reused frame buffer.</summary>
    public async ValueTask SendVoiceAsync(ReadOnlyMemory<byte> voicePacket, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var length = MumbleFrameWriter.WriteRaw(_voiceFrame, MumbleMessageType.UdpTunnel, voicePacket.Span);
            await _ssl.WriteAsync(_voiceFrame.AsMemory(0, length), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            throw new MumbleConnectionException($"Sending voice failed: {ex.Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Reads frames until the connection ends, passing them to <paramref name="sink"/>, and sends the keepalive Ping.
    /// Always ends with an exception: <see cref="MumbleConnectionException"/> (closed, time-out, I/O error),
    /// <see cref="ProtocolViolationException"/> (bad bytes) or <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task RunAsync(IMumbleMessageSink sink, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receive = ReceiveAsync(sink, stop.Token);
        var keepalive = KeepaliveAsync(stop.Token);
        try
        {
            var first = await Task.WhenAny(receive, keepalive);
            await first; // rethrows the reason the connection ended
            throw new MumbleConnectionException("The connection loop ended.");
        }
        finally
        {
            // The other loop only stops because this one ended; its own failure is a consequence, not news.
            await stop.CancelAsync();
            await IgnoreFailureAsync(receive);
            await IgnoreFailureAsync(keepalive);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The send lock is not disposed: a sender may still be waiting on it and must fail as a connection error, not ObjectDisposedException.
        await DisposeQuietly(_ssl, _socket);
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or MumbleConnectionException or ProtocolViolationException or IOException or ObjectDisposedException)
        {
        }
    }

    private static async ValueTask DisposeQuietly(SslStream? ssl, Socket socket)
    {
        try
        {
            if (ssl is not null)
            {
                await ssl.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // Closing a broken connection may fail; nothing is left to release.
        }

        socket.Dispose();
    }

    private async Task ReceiveAsync(IMumbleMessageSink sink, CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(_ssl, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await pipe.ReadAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                    throw new MumbleConnectionException($"Receive failed: {ex.Message}", ex);
                }

                var buffer = result.Buffer;
                try
                {
                    while (_reader.TryRead(ref buffer, out var frame))
                    {
                        Dispatch(sink, frame);
                    }
                }
                finally
                {
                    pipe.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    throw new MumbleConnectionException(buffer.IsEmpty ? "The server closed the connection." : $"The server closed the connection inside a frame ({buffer.Length} bytes pending).");
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private void Dispatch(IMumbleMessageSink sink, in MumbleFrame frame)
    {
        if (frame.Type == MumbleMessageType.UdpTunnel)
        {
            var payload = frame.Payload;
            if (payload.Length > MaxVoicePacket)
            {
                OversizedVoicePackets++;
                return;
            }

            if (payload.IsSingleSegment)
            {
                sink.OnVoice(payload.FirstSpan);
            }
            else
            {
                Span<byte> copy = stackalloc byte[(int)payload.Length];
                payload.CopyTo(copy);
                sink.OnVoice(copy);
            }

            return;
        }

        var message = MumbleMessageCodec.Parse(frame.Type, frame.Payload);
        if (frame.Type == MumbleMessageType.Ping)
        {
            Volatile.Write(ref _unansweredPings, 0);
        }

        sink.OnMessage(frame.Type, message);
    }

    private async Task KeepaliveAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_timings.PingInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var unanswered = Volatile.Read(ref _unansweredPings);
            if (unanswered >= _timings.MaxUnansweredPings)
            {
                LogServerTimeout(_logger, _name, unanswered);
                throw new MumbleConnectionException($"The server did not answer {unanswered} pings (time-out).");
            }

            Interlocked.Increment(ref _unansweredPings);
            var timestamp = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();
            await SendAsync(new Ping { Timestamp = timestamp }, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "Mumble {Session}: server unanswered for {Pings} pings, closing the connection")]
    private static partial void LogServerTimeout(ILogger logger, string session, int pings);
}
