using Gateway.Connectors.Mumble.Protocol.Messages;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>
/// What one session knows about the server: the channel tree, the users and where they are, and its own session id.
/// Pure state fed with the server's messages (partial UserState updates are merged). Touched only by the receive loop.
/// </summary>
internal sealed class MumbleServerView
{
    private readonly Dictionary<uint, MumbleChannelInfo> _channels = [];
    private readonly Dictionary<uint, MumbleUserInfo> _users = [];

    public uint? SelfSession { get; private set; }

    public bool Synchronized => SelfSession is not null;

    public IReadOnlyDictionary<uint, MumbleUserInfo> Users => _users;

    public IReadOnlyDictionary<uint, MumbleChannelInfo> Channels => _channels;

    public void Clear()
    {
        _channels.Clear();
        _users.Clear();
        SelfSession = null;
    }

    public void Apply(ChannelState state)
    {
        if (!state.HasChannelId)
        {
            return;
        }

        _channels.TryGetValue(state.ChannelId, out var known);
        var parent = state.HasParent ? state.Parent : known?.Parent;
        var name = state.HasName ? state.Name : known?.Name ?? string.Empty;
        _channels[state.ChannelId] = new MumbleChannelInfo(state.ChannelId, state.ChannelId == 0 ? null : parent, name);
    }

    public void Apply(ChannelRemove remove) => _channels.Remove(remove.ChannelId);

    /// <summary>Merges a (partial) UserState; returns the user's channel before and after, for presence tracking.</summary>
    public (uint? Before, MumbleUserInfo After) Apply(UserState state)
    {
        _users.TryGetValue(state.Session, out var known);
        var user = new MumbleUserInfo(
            state.Session,
            state.HasName ? state.Name : known?.Name ?? string.Empty,
            // Only the first snapshot of a user may omit channel_id, meaning the root channel.
            state.HasChannelId ? state.ChannelId : known?.ChannelId ?? 0,
            state.HasMute ? state.Mute : known?.Muted ?? false,
            state.HasSuppress ? state.Suppress : known?.Suppressed ?? false,
            state.HasSelfMute ? state.SelfMute : known?.SelfMuted ?? false);
        _users[state.Session] = user;
        return (known?.ChannelId, user);
    }

    /// <summary>Forgets a user; returns it (with its last channel) when it was known.</summary>
    public MumbleUserInfo? Apply(UserRemove remove) => _users.Remove(remove.Session, out var user) ? user : null;

    public void Apply(ServerSync sync)
    {
        if (sync.HasSession)
        {
            SelfSession = sync.Session;
        }
    }

    /// <summary>
    /// Resolves a channel path like <c>Tianhe/Sports</c> from the root (names are unique only under one parent).
    /// An empty path or "/" is the root channel. Returns null when a segment does not exist.
    /// </summary>
    public uint? FindChannel(string path)
    {
        uint current = 0;
        if (!_channels.ContainsKey(0))
        {
            return null;
        }

        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            uint? next = null;
            foreach (var channel in _channels.Values)
            {
                if (channel.Parent == current && string.Equals(channel.Name, segment, StringComparison.Ordinal))
                {
                    next = channel.Id;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            current = next.Value;
        }

        return current;
    }

    public MumbleUserInfo? FindUser(uint session) => _users.GetValueOrDefault(session);
}

/// <summary>A channel as the session knows it.</summary>
internal sealed record MumbleChannelInfo(uint Id, uint? Parent, string Name);

/// <summary>A connected user as the session knows it.</summary>
internal sealed record MumbleUserInfo(uint Session, string Name, uint ChannelId, bool Muted, bool Suppressed, bool SelfMuted);
