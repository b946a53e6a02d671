namespace Gateway.Core.Health;

/// <summary>
/// Components (connectors, storage, the recorder...) report their health here with a reason; the host aggregates it,
/// logs every change, and the API exposes it as grpc.health.v1.
/// </summary>
public interface IHealthRegistry
{
    void Report(string component, HealthState state, string reason);

    /// <summary>The current state of every component.</summary>
    IReadOnlyDictionary<string, ComponentHealth> Snapshot();

    /// <summary>The worst state of all components (Healthy when none reported).</summary>
    HealthState Overall { get; }

    event Action<ComponentHealth>? Changed;
}

public sealed record ComponentHealth(string Component, HealthState State, string Reason, DateTimeOffset Since);
