using Gateway.Core.Floor;

namespace Gateway.Core.Routing;

/// <summary>One floor and its media: a talk group on its own, or all the groups of a patch.</summary>
internal sealed class FloorDomain(FloorArbiter arbiter, MediaDomain media) : IDisposable
{
    public FloorArbiter Arbiter { get; } = arbiter;

    public MediaDomain Media { get; } = media;

    public void Dispose()
    {
        Arbiter.Dispose();
        Media.Dispose();
    }
}
