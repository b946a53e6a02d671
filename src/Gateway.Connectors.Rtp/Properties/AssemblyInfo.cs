using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Gateway.Connectors.Rtp.Tests")]
[assembly: InternalsVisibleTo("Gateway.Benchmarks")]
