namespace Gateway.Connectors.Serial.Protocol;

/// <summary>
/// One Kenwood-style text message (<c>BY1;</c>, <c>IF00014250000...;</c>): a two-letter command and its parameter,
/// or an error reply (<c>?;</c> syntax, <c>E;</c> communication, <c>O;</c> overflow) whose <see cref="Command"/> is that one character.
/// </summary>
public readonly record struct KenwoodMessage(string Command, string Parameter)
{
    public bool IsError => Command.Length == 1;

    public override string ToString() => Command + Parameter + ";";
}
