namespace Gateway.Connectors.Serial.Simulation;

/// <summary>The CAT command set a simulated radio speaks.</summary>
public enum CatDialect
{
    Kenwood = 0,
    Civ = 1,
}
