namespace Gateway.Core.Events;

/// <summary>
/// Tells text connectors (Mumble) which chat messages are signalling (emergency and status keywords) and must be published as
/// <see cref="SignalReceived"/>; other chat stays private to the channel.
/// </summary>
public interface IFieldTextSignals
{
    bool IsSignal(string text);
}
