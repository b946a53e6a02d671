namespace Gateway.Host.Configuration.Validation;

/// <summary>Builds the keys quoted in problem lines, with list indexes as users write them: <c>Gateway:Units[0]:TalkGroups[2]</c>.</summary>
internal static class ConfigKey
{
    public static string Item(string list, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{list}[{index}]");

    public static string Child(string parent, string name) => parent + ":" + name;
}
