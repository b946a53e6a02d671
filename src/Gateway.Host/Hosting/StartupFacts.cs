namespace Gateway.Host.Hosting;

/// <summary>What the composition root learned before the host was built, for the startup report.</summary>
internal sealed record StartupFacts(string ConfigurationFiles, string? LogFilePattern, bool GrpcIsHttps);
