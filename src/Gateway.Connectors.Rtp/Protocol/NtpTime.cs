namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>NTP timestamps for RTCP (RFC 3550 §4): seconds since 1900 in the high word, fraction in the low word.</summary>
public static class NtpTime
{
    private const long UnixToNtpSeconds = 2_208_988_800;

    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = (ulong)((ticks / TimeSpan.TicksPerSecond) + UnixToNtpSeconds);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (16.16 seconds), as used by LSR/DLSR arithmetic.</summary>
    public static uint Compact(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Round trip from a report block (RFC 3550 §6.4.1): arrival − LSR − DLSR, in 1/65536 s units; null when the block carries no LSR.</summary>
    public static TimeSpan? RoundTrip(uint arrivalCompact, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0)
        {
            return null;
        }

        var rtt = unchecked((int)(arrivalCompact - lastSenderReport - delaySinceLastSenderReport));
        return rtt < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(rtt / 65536.0);
    }
}
