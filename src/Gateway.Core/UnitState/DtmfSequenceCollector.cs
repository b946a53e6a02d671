using Gateway.Core.Identity;

namespace Gateway.Core.UnitState;

/// <summary>
/// Collects DTMF digits per endpoint (RFC 4733 and in-band decoders report them one at a time) until '#' ends a sequence.
/// A sequence whose digits are further apart than the timeout starts again, so a half-typed code is forgotten. Pure: the
/// time comes with each digit.
/// </summary>
public sealed class DtmfSequenceCollector
{
    private const int MaxLength = 32;
    private readonly Dictionary<EndpointId, (string Digits, DateTimeOffset Last)> _pending = [];
    private readonly TimeSpan _timeout;

    public DtmfSequenceCollector(TimeSpan timeout)
    {
        _timeout = timeout;
    }

    /// <summary>Adds digits; returns the completed sequence (without '#') when one ends, else null.</summary>
    public string? Add(EndpointId endpoint, string digits, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var buffer = _pending.TryGetValue(endpoint, out var pending) && at - pending.Last <= _timeout ? pending.Digits : string.Empty;
        foreach (var c in digits.Trim())
        {
            if (c == '#')
            {
                _pending.Remove(endpoint);
                return buffer;
            }

            buffer += c;
        }

        if (buffer.Length > MaxLength)
        {
            buffer = buffer[^MaxLength..];
        }

        _pending[endpoint] = (buffer, at);
        return null;
    }
}
