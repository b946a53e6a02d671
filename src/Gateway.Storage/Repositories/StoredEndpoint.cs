using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Storage.Repositories;

/// <summary>An endpoint added at run time: its connector kind, its options as JSON (the connector's shape) and its groups.</summary>
public sealed record StoredEndpoint(EndpointId Id, EndpointKind Kind, string DefinitionJson, IReadOnlyList<TalkGroupId> TalkGroups);
