using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Api.Calls;

/// <summary>
/// A bounded in-memory history of calls built from <see cref="CallStarted"/>/<see cref="CallEnded"/> events. It serves
/// ListCalls until the storage work's call repository is wired; it is not persistent (a restart forgets it) and keeps
/// the newest <c>Gateway:Grpc:CallLogCapacity</c> calls.
/// </summary>
public sealed class CallLog
{
    private readonly object _gate = new();
    private readonly LinkedList<CallRecord> _calls = new();
    private readonly Dictionary<CallId, LinkedListNode<CallRecord>> _index = [];
    private readonly int _capacity;

    public CallLog(int capacity)
    {
        _capacity = Math.Max(1, capacity);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    public void Apply(GatewayEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case CallStarted started when !_index.ContainsKey(started.Call):
                    var node = _calls.AddFirst(new CallRecord(started.Call, started.Group, started.Time, null, 0, started.FirstTalker, started.Priority));
                    _index[started.Call] = node;
                    while (_calls.Count > _capacity)
                    {
                        _index.Remove(_calls.Last!.Value.Id);
                        _calls.RemoveLast();
                    }

                    break;
                case CallEnded ended:
                    if (_index.TryGetValue(ended.Call, out var existing))
                    {
                        existing.Value = existing.Value with { EndedAt = ended.Time, Transmissions = ended.Transmissions };
                    }
                    else
                    {
                        // Started before the log subscribed: keep what the end event tells.
                        var added = _calls.AddFirst(new CallRecord(ended.Call, ended.Group, ended.StartedAt, ended.Time, ended.Transmissions, null, Priority.Normal));
                        _index[ended.Call] = added;
                    }

                    break;
            }
        }
    }

    /// <summary>Newest first, filtered by group and start time, from <paramref name="skip"/>.</summary>
    public IReadOnlyList<CallRecord> Query(TalkGroupId? group, DateTimeOffset? from, DateTimeOffset? to, int skip, int take, out bool more)
    {
        var result = new List<CallRecord>(take);
        var matched = 0;
        more = false;
        lock (_gate)
        {
            foreach (var call in _calls)
            {
                if ((group is { } g && call.TalkGroup != g) || (from is { } f && call.StartedAt < f) || (to is { } t && call.StartedAt >= t))
                {
                    continue;
                }

                if (matched++ < skip)
                {
                    continue;
                }

                if (result.Count == take)
                {
                    more = true;
                    break;
                }

                result.Add(call);
            }
        }

        return result;
    }
}

/// <summary>One call as the log knows it.</summary>
public sealed record CallRecord(CallId Id, TalkGroupId TalkGroup, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int Transmissions, Talker? FirstTalker, Priority Priority);
