using Gateway.Connectors.Mumble;

namespace Gateway.Host.Configuration.Validation;

/// <summary><c>Gateway:Connectors:Mumble</c>: one Mumble server per entry, its channels mapped to talk groups.</summary>
internal static class MumbleConnectorsValidator
{
    public static void Validate(IReadOnlyList<MumbleConnectorOptions> connectors, ValidationContext context)
    {
        var problems = context.Problems;
        for (var i = 0; i < connectors.Count; i++)
        {
            var mumble = connectors[i];
            var key = ConfigKey.Item("Gateway:Connectors:Mumble", i);
            ConnectorChecks.EndpointId(context, ConfigKey.Child(key, "Id"), mumble.Id);
            if (Checks.Required(problems, ConfigKey.Child(key, "Host"), mumble.Host)
                && Uri.CheckHostName(mumble.Host.Trim('[', ']')) == UriHostNameType.Unknown)
            {
                problems.Invalid(ConfigKey.Child(key, "Host"), mumble.Host, "is not a host name or IP address");
            }

            Checks.Range(problems, ConfigKey.Child(key, "Port"), mumble.Port, 1, 65_535);
            Checks.Required(problems, ConfigKey.Child(key, "Username"), mumble.Username);

            var fingerprint = mumble.CertificateFingerprint.Replace(":", string.Empty, StringComparison.Ordinal);
            if (fingerprint.Length > 0 && !(fingerprint.Length is 40 or 64 && Checks.Hex(fingerprint, 40, 64)))
            {
                problems.Invalid(ConfigKey.Child(key, "CertificateFingerprint"), mumble.CertificateFingerprint, "is not a SHA-256 (or SHA-1) fingerprint in hex");
            }

            if (!string.IsNullOrEmpty(mumble.ClientCertificate) && !File.Exists(mumble.ClientCertificate))
            {
                problems.Invalid(ConfigKey.Child(key, "ClientCertificate"), mumble.ClientCertificate, "does not exist");
            }

            var channelsKey = ConfigKey.Child(key, "Channels");
            if (mumble.Channels.Count == 0)
            {
                problems.Key(channelsKey, "is required (Mumble channel path → talk group id)");
            }

            foreach (var (channel, group) in mumble.Channels)
            {
                Checks.TalkGroupReference(context, ConfigKey.Child(channelsKey, channel), group);
            }

            Checks.Priority(problems, ConfigKey.Child(key, "Priority"), mumble.Priority);
            Checks.Range(problems, ConfigKey.Child(key, "Bitrate"), mumble.Bitrate, 6_000, 510_000);
            Checks.Positive(problems, ConfigKey.Child(key, "ReconnectMaxSeconds"), mumble.ReconnectMaxSeconds);
        }
    }
}
