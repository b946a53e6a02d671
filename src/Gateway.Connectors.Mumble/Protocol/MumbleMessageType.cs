namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>The u16 type in front of every TCP frame (protocols-ip.md A1). Only the types the gateway handles are named.</summary>
public enum MumbleMessageType : ushort
{
    Version = 0,

    /// <summary>Raw voice packet tunnelled over TLS (not a protobuf message).</summary>
    UdpTunnel = 1,
    Authenticate = 2,
    Ping = 3,
    Reject = 4,
    ServerSync = 5,
    ChannelRemove = 6,
    ChannelState = 7,
    UserRemove = 8,
    UserState = 9,
    BanList = 10,
    TextMessage = 11,
    PermissionDenied = 12,
    Acl = 13,
    QueryUsers = 14,
    CryptSetup = 15,
    ContextActionModify = 16,
    ContextAction = 17,
    UserList = 18,
    VoiceTarget = 19,
    PermissionQuery = 20,
    CodecVersion = 21,
    UserStats = 22,
    RequestBlob = 23,
    ServerConfig = 24,
    SuggestConfig = 25,
}
