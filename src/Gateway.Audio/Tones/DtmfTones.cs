namespace Gateway.Audio.Tones;

/// <summary>DTMF frequencies (ITU-T Q.23): the key's row gives the low tone, its column the high tone.</summary>
public static class DtmfTones
{
    public const string Keys = "123A456B789C*0#D";

    internal static readonly double[] Rows = [697, 770, 852, 941];
    internal static readonly double[] Columns = [1209, 1336, 1477, 1633];

    public static (double Low, double High) Frequencies(char key)
    {
        var index = Keys.IndexOf(char.ToUpperInvariant(key), StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentException($"'{key}' is not a DTMF key (0-9, *, #, A-D).", nameof(key));
        }

        return (Rows[index / 4], Columns[index % 4]);
    }
}
