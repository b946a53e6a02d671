// The interop and live-endpoint tests pace real RTP streams in real time; running them side by side on a 2-core
// machine starves each other's play-out clocks, so this assembly runs its test classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
