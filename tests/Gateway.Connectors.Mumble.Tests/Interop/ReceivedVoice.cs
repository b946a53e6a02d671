namespace Gateway.Connectors.Mumble.Tests.Interop;

/// <summary>A voice packet as the test client received it.</summary>
internal sealed record ReceivedVoice(uint Session, long Sequence, byte[] Opus, bool Terminator);
