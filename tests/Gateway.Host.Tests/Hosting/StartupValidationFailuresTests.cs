using Gateway.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Tests.Hosting;

public sealed class StartupValidationFailuresTests
{
    [Fact]
    public void TryGetProblems_ComponentValidationFailures_ReturnsOneLineEach()
    {
        var exception = new AggregateException(
            new OptionsValidationException("", typeof(object), ["Gateway:Connectors:Mumble:0:Port must be 1..65535, got 0."]),
            new OptionsValidationException("", typeof(object), ["Gateway:Grpc:MaxStreamsPerKey must be at least 1", "Gateway:Grpc:DataDirectory must not be empty"]));

        Assert.True(StartupValidationFailures.TryGetProblems(exception, out var problems));
        Assert.Equal(
            ["Gateway:Connectors:Mumble:0:Port must be 1..65535, got 0", "Gateway:Grpc:MaxStreamsPerKey must be at least 1", "Gateway:Grpc:DataDirectory must not be empty"],
            problems);
    }

    [Fact]
    public void TryGetProblems_OtherFailureAmongThem_IsNotAConfigurationProblem()
    {
        var exception = new AggregateException(
            new OptionsValidationException("", typeof(object), ["Gateway:Grpc:MaxStreamsPerKey must be at least 1"]),
            new IOException("address already in use"));

        Assert.False(StartupValidationFailures.TryGetProblems(exception, out _));
    }
}
