using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;

namespace Gateway.Core.Routing;

/// <summary>
/// Forwards the floor holder's frames to every other endpoint of its floor domain, encoding once per destination
/// profile: a destination profile equal to the source payload's gets the payload untouched; otherwise the frame is
/// encoded once with the domain's encoder for that profile (decoding the source payload once first when no PCM came
/// with it). One pooled <see cref="MediaPacket"/> per profile carries one reference per destination.
/// Allocation-free in steady state.
/// </summary>
internal sealed class MediaRouter
{
    private static readonly KeyValuePair<string, object?> NotHolderTag = DropReasons.AsTag(DropReasons.NotHolder);
    private static readonly KeyValuePair<string, object?> BadFrameTag = DropReasons.AsTag(DropReasons.BadFrame);
    private static readonly KeyValuePair<string, object?> DecodeFailedTag = DropReasons.AsTag(DropReasons.DecodeFailed);
    private static readonly KeyValuePair<string, object?> NoEncoderTag = DropReasons.AsTag(DropReasons.NoEncoder);
    private static readonly KeyValuePair<string, object?> EndpointFailedTag = DropReasons.AsTag(DropReasons.EndpointFailed);

    // One pre-built tag per endpoint kind: boxing the enum per frame would allocate.
    private static readonly KeyValuePair<string, object?>[] KindTags =
        [.. Enum.GetValues<EndpointKind>().Select(k => new KeyValuePair<string, object?>("kind", k.ToString().ToLowerInvariant()))];

    private static readonly KeyValuePair<string, object?> UnknownKindTag = new("kind", "unknown");

    private readonly ICodecFactory _codecs;
    private readonly MediaPacketPool _pool;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;

    public MediaRouter(ICodecFactory codecs, MediaPacketPool pool, GatewayMetrics metrics, TimeProvider time)
    {
        _codecs = codecs;
        _pool = pool;
        _metrics = metrics;
        _time = time;
    }

    public void Route(
        FloorDomain domain,
        EndpointId source,
        IVoiceEndpoint? sourceEndpoint,
        ReadOnlySpan<float> pcm48k,
        ReadOnlySpan<byte> payload,
        CodecProfile payloadProfile,
        FrameFlags flags)
    {
        var grant = domain.Arbiter.CurrentGrant;
        if (grant is null || grant.Talker.Endpoint != source)
        {
            _metrics.Drops.Add(1, NotHolderTag);
            return;
        }

        var endOnly = pcm48k.IsEmpty && payload.IsEmpty;
        if ((!pcm48k.IsEmpty && pcm48k.Length != AudioFormat.FrameSamples)
            || payload.Length > AudioFormat.MaxPacketBytes * 3
            || (endOnly && (flags & FrameFlags.EndOfTransmission) == 0))
        {
            _metrics.Drops.Add(1, BadFrameTag);
            return;
        }

        _metrics.FramesIn.Add(1, KindTag(sourceEndpoint));
        var media = domain.Media;
        lock (media.Gate)
        {
            if (!ReferenceEquals(media.LastGrant, grant))
            {
                // First frame of this transmission downstream, whatever the source marked.
                media.LastGrant = grant;
                media.Sequence = 0;
                media.SourceSampleRate = 0;
                media.ResetDecoders(source);
                flags |= FrameFlags.StartOfTransmission;
            }

            media.EndSent = (flags & FrameFlags.EndOfTransmission) != 0;
            if (media.SourceSampleRate == 0 && !endOnly)
            {
                media.SourceSampleRate = payload.IsEmpty ? AudioFormat.SampleRate : payloadProfile.SampleRate;
            }

            var frame = pcm48k;
            var decodeTried = false;
            var destinations = media.Destinations;
            var routedAt = _time.GetTimestamp();
            for (var b = 0; b < destinations.Length; b++)
            {
                var bucket = destinations[b];
                var count = CountDestinations(bucket.Endpoints, sourceEndpoint);
                if (count == 0)
                {
                    continue;
                }

                var packet = RentPacket(bucket.Profile, grant, media.Sequence, flags, routedAt);
                if (endOnly)
                {
                    packet.PayloadLength = 0;
                    packet.Samples = 0;
                }
                else if (!payload.IsEmpty && bucket.Profile == payloadProfile)
                {
                    // Same profile: the source's bytes go out untouched (no decode, no encode, no generation loss).
                    payload.CopyTo(packet.PayloadBuffer);
                    packet.PayloadLength = payload.Length;
                }
                else
                {
                    if (frame.IsEmpty && !decodeTried)
                    {
                        decodeTried = true;
                        frame = Decode(media, source, payload, payloadProfile);
                    }

                    var encoder = frame.IsEmpty ? null : media.GetEncoder(bucket.Profile, _codecs, out _);
                    if (encoder is null)
                    {
                        _metrics.Drops.Add(count, frame.IsEmpty ? DecodeFailedTag : NoEncoderTag);
                        packet.Release();
                        continue;
                    }

                    // A G.711 source has nothing above 4 kHz: the encoder need not code (and pay for) more.
                    encoder.SetSourceSampleRate(media.SourceSampleRate);
                    packet.PayloadLength = encoder.Encode(frame, packet.PayloadBuffer);
                    _metrics.Encodes.Add(1);
                }

                if (!frame.IsEmpty)
                {
                    frame.CopyTo(packet.Pcm);
                    packet.HasPcm = true;
                }

                Deliver(packet, bucket.Endpoints, sourceEndpoint, count);
            }

            media.Sequence++;
        }
    }

    /// <summary>
    /// The floor was released or revoked: destinations get an end-of-transmission marker (so radios unkey after the
    /// audio drained) unless the talker already sent one, or no frame of that transmission ever went out.
    /// </summary>
    public void EndTransmission(FloorDomain domain, FloorGrant grant)
    {
        var media = domain.Media;
        lock (media.Gate)
        {
            if (!ReferenceEquals(media.LastGrant, grant) || media.EndSent)
            {
                return;
            }

            media.EndSent = true;
            var routedAt = _time.GetTimestamp();

            // Found by id among the destinations themselves, so the talker is skipped even when it has already left
            // the registry (shutdown, detach).
            var talkerEndpoint = FindById(media.Destinations, grant.Talker.Endpoint);
            foreach (var bucket in media.Destinations)
            {
                var count = CountDestinations(bucket.Endpoints, talkerEndpoint);
                if (count == 0)
                {
                    continue;
                }

                var packet = RentPacket(bucket.Profile, grant, media.Sequence, FrameFlags.EndOfTransmission, routedAt);
                packet.Samples = 0;
                Deliver(packet, bucket.Endpoints, talkerEndpoint, count);
            }

            media.Sequence++;
        }
    }

    private ReadOnlySpan<float> Decode(MediaDomain media, EndpointId source, ReadOnlySpan<byte> payload, CodecProfile profile)
    {
        var decoder = payload.IsEmpty ? null : media.GetDecoder(source, profile, _codecs);
        if (decoder is null)
        {
            return default;
        }

        // The router works in 20 ms frames; other packet durations are re-framed at the connector's edge.
        var samples = decoder.Decode(payload, media.Scratch);
        return samples == AudioFormat.FrameSamples ? media.Scratch.AsSpan(0, samples) : default;
    }

    /// <summary>A pooled packet stamped with what every destination of one frame shares.</summary>
    private MediaPacket RentPacket(CodecProfile profile, FloorGrant grant, long sequence, FrameFlags flags, long routedAt)
    {
        var packet = _pool.Rent();
        packet.Profile = profile;
        packet.TalkGroup = grant.TalkGroup;
        packet.Talker = grant.Talker;
        packet.Sequence = sequence;
        packet.Flags = flags;
        packet.RoutedTimestamp = routedAt;
        return packet;
    }

    private void Deliver(MediaPacket packet, IVoiceEndpoint[] endpoints, IVoiceEndpoint? talker, int count)
    {
        packet.AddReferences(count);
        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[i];
            if (ReferenceEquals(endpoint, talker))
            {
                continue; // Never back to the talker.
            }

            try
            {
                endpoint.Deliver(packet);
            }
            catch (Exception)
            {
                // Deliver must not throw. The reference is the endpoint's once Deliver is called: releasing it here
                // could return the packet to the pool twice while others still read it; a leaked packet is only
                // garbage.
                _metrics.Drops.Add(1, EndpointFailedTag);
            }
        }

        _metrics.FramesOut.Add(count);
        packet.Release(); // The router's own reference from Rent.
    }

    private static IVoiceEndpoint? FindById(ProfileBucket[] destinations, EndpointId id)
    {
        foreach (var bucket in destinations)
        {
            foreach (var endpoint in bucket.Endpoints)
            {
                if (endpoint.Id == id)
                {
                    return endpoint;
                }
            }
        }

        return null;
    }

    private static KeyValuePair<string, object?> KindTag(IVoiceEndpoint? endpoint)
    {
        var index = endpoint is null ? -1 : (int)endpoint.Kind;
        return (uint)index < (uint)KindTags.Length ? KindTags[index] : UnknownKindTag;
    }

    private static int CountDestinations(IVoiceEndpoint[] endpoints, IVoiceEndpoint? talker)
    {
        if (talker is null)
        {
            return endpoints.Length;
        }

        var count = endpoints.Length;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (ReferenceEquals(endpoints[i], talker))
            {
                count--;
            }
        }

        return count;
    }
}
