using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Gateway.Core.Tests")]
[assembly: InternalsVisibleTo("Gateway.Benchmarks")]
