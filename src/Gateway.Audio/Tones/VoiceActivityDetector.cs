namespace Gateway.Audio.Tones;

/// <summary>
/// VOX for serial radios without a COS line and for trimming silent recordings: frame RMS against a threshold with
/// attack (ignores clicks) and hang (bridges pauses between words). Allocation-free.
/// </summary>
public sealed class VoiceActivityDetector
{
    private readonly VoiceActivityOptions _options;
    private readonly int _sampleRate;
    private long _aboveSamples;
    private long _belowSamples;

    public VoiceActivityDetector(int sampleRate = AudioFormat.SampleRate, VoiceActivityOptions? options = null)
    {
        _options = options ?? new VoiceActivityOptions();
        if (_options.Attack < TimeSpan.Zero || _options.Hang < TimeSpan.Zero)
        {
            throw new ArgumentException("VoiceActivityOptions: Attack and Hang must not be negative.", nameof(options));
        }

        _sampleRate = sampleRate;
    }

    public bool IsActive { get; private set; }

    /// <summary>Level of the last frame (dB relative to a full-scale sine).</summary>
    public double LastLevelDbfs { get; private set; } = double.NegativeInfinity;

    /// <summary>Processes one frame; returns whether voice is active after it.</summary>
    public bool Process(ReadOnlySpan<float> frame)
    {
        LastLevelDbfs = Level.RmsDbfs(frame);
        if (LastLevelDbfs >= _options.ThresholdDbfs)
        {
            _aboveSamples += frame.Length;
            _belowSamples = 0;
            if (!IsActive && _aboveSamples * TimeSpan.TicksPerSecond >= _options.Attack.Ticks * _sampleRate)
            {
                IsActive = true;
            }
        }
        else
        {
            _belowSamples += frame.Length;
            _aboveSamples = 0;
            if (IsActive && _belowSamples * TimeSpan.TicksPerSecond >= _options.Hang.Ticks * _sampleRate)
            {
                IsActive = false;
            }
        }

        return IsActive;
    }

    public void Reset()
    {
        IsActive = false;
        _aboveSamples = 0;
        _belowSamples = 0;
    }
}
