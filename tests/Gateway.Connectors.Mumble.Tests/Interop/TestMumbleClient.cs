using System.Threading.Channels;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Transport;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MumbleVersion = Gateway.Connectors.Mumble.Protocol.Messages.Version;

namespace Gateway.Connectors.Mumble.Tests.Interop;

/// <summary>A scripted Mumble user (a PoC handset stand-in) built from the connector's own protocol and transport layers.</summary>
public sealed class TestMumbleClient : IMumbleMessageSink, IAsyncDisposable
{
    private readonly MumbleServerView _view = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(uint Actor, string Text)> _texts = [];
    private readonly Dictionary<uint, string> _certificateHashes = [];
    private MumbleConnection? _connection;
    private Task? _loop;
    private long _sequence;

    private TestMumbleClient(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public Channel<ReceivedVoice> Voice { get; } = Channel.CreateUnbounded<ReceivedVoice>();

    public uint Session
    {
        get
        {
            lock (_gate)
            {
                return _view.SelfSession ?? 0;
            }
        }
    }

    internal static async Task<TestMumbleClient> ConnectAsync(int port, string name, string? password = null)
    {
        var client = new TestMumbleClient(name);
        var policy = new ServerCertificatePolicy("test", null, acceptInvalidCertificate: true, NullLogger.Instance);
        client._connection = await MumbleConnection.ConnectAsync(
            "127.0.0.1", port, policy, null, MumbleTransportTimings.Default, TimeProvider.System, NullLogger.Instance, name, CancellationToken.None);
        await client._connection.SendAsync(new MumbleVersion { Version_ = MumbleMessageCodec.EncodeVersion(1, 3, 4), Release = "test" }, CancellationToken.None);
        var auth = new Authenticate { Username = name, Opus = true };
        if (password is not null)
        {
            auth.Password = password;
        }

        await client._connection.SendAsync(auth, CancellationToken.None);
        client._loop = Task.Run(() => client._connection.RunAsync(client, client._stop.Token));
        await client._synced.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    public uint? FindChannel(string path)
    {
        lock (_gate)
        {
            return _view.FindChannel(path);
        }
    }

    public IReadOnlyList<(uint Actor, string Text)> Texts
    {
        get
        {
            lock (_gate)
            {
                return [.. _texts];
            }
        }
    }

    /// <summary>Creates a permanent channel under <paramref name="parentPath"/> (needs SuperUser) and waits for it.</summary>
    public async Task<uint> CreateChannelAsync(string parentPath, string name)
    {
        var parent = FindChannel(parentPath) ?? throw new InvalidOperationException($"No channel '{parentPath}'.");
        await _connection!.SendAsync(new ChannelState { Parent = parent, Name = name }, CancellationToken.None);
        var path = parentPath.Length == 0 ? name : parentPath + "/" + name;
        await Wait.UntilAsync(() => FindChannel(path) is not null, TimeSpan.FromSeconds(5), $"channel {path} created");
        return FindChannel(path)!.Value;
    }

    public async Task JoinAsync(string path)
    {
        var channel = FindChannel(path) ?? throw new InvalidOperationException($"No channel '{path}'.");
        await _connection!.SendAsync(new UserState { Session = Session, ChannelId = channel }, CancellationToken.None);
        await Wait.UntilAsync(() => ChannelOf(Session) == channel, TimeSpan.FromSeconds(5), $"{Name} joined {path}");
    }

    public uint? ChannelOf(uint session)
    {
        lock (_gate)
        {
            return _view.FindUser(session)?.ChannelId;
        }
    }

    /// <summary>The client-certificate hash the server announced for a user (by name), if any.</summary>
    public string? CertificateHashOf(string name)
    {
        lock (_gate)
        {
            var user = _view.Users.Values.FirstOrDefault(u => u.Name == name);
            return user is not null && _certificateHashes.TryGetValue(user.Session, out var hash) ? hash : null;
        }
    }

    public bool SeesUser(string name, uint channel)
    {
        lock (_gate)
        {
            return _view.Users.Values.Any(u => u.Name == name && u.ChannelId == channel);
        }
    }

    public Task SendAsync(IMessage message) => _connection!.SendAsync(message, CancellationToken.None).AsTask();

    public Task SendTextAsync(uint channel, string text)
    {
        var message = new TextMessage { Message = text };
        message.ChannelId.Add(channel);
        return _connection!.SendAsync(message, CancellationToken.None).AsTask();
    }

    /// <summary>Sends one 20 ms Opus packet as normal talking (target 0).</summary>
    public Task SendOpusAsync(ReadOnlySpan<byte> opus, bool terminator)
    {
        var buffer = new byte[VoicePacketCodec.GetClientLength(_sequence, opus.Length)];
        var length = VoicePacketCodec.WriteClient(buffer, _sequence, opus, terminator);
        _sequence += 2;
        return _connection!.SendVoiceAsync(buffer.AsMemory(0, length), CancellationToken.None).AsTask();
    }

    public void OnMessage(MumbleMessageType type, IMessage message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case ChannelState c:
                    _view.Apply(c);
                    break;
                case ChannelRemove r:
                    _view.Apply(r);
                    break;
                case UserState u:
                    _view.Apply(u);
                    if (u.HasHash)
                    {
                        _certificateHashes[u.Session] = u.Hash;
                    }

                    break;
                case UserRemove r:
                    _view.Apply(r);
                    break;
                case TextMessage t:
                    _texts.Add((t.Actor, t.Message));
                    break;
                case ServerSync s:
                    _view.Apply(s);
                    _synced.TrySetResult();
                    break;
                case Reject r:
                    _synced.TrySetException(new InvalidOperationException($"Rejected: {r.Type} {r.Reason}"));
                    break;
            }
        }
    }

    public void OnVoice(ReadOnlySpan<byte> packet)
    {
        if (VoicePacketCodec.TryRead(packet, fromServer: true, out var voice))
        {
            Voice.Writer.TryWrite(new ReceivedVoice(voice.Session, voice.Sequence, voice.Opus.ToArray(), voice.Terminator));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (Exception)
            {
                // The loop always ends with the reason the connection closed.
            }
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _stop.Dispose();
    }
}

public sealed record ReceivedVoice(uint Session, long Sequence, byte[] Opus, bool Terminator);
