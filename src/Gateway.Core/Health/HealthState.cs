namespace Gateway.Core.Health;

public enum HealthState
{
    Healthy = 0,
    Degraded = 1,
    Unhealthy = 2,
}
