using Gateway.Core.Identity;

namespace Gateway.Core.Alerts;

/// <summary>
/// A connector that can show text to the members of a talk group (Mumble channels; later SIP MESSAGE or SMS). The alert
/// engine posts an alert's text through every registered channel when it plays the alert in a group.
/// </summary>
public interface IAlertTextChannel
{
    /// <summary>Posts <paramref name="text"/> to wherever <paramref name="group"/>'s members can read it; returns how many places got it.</summary>
    Task<int> PostTextAsync(TalkGroupId group, string text, CancellationToken cancellationToken = default);
}
