using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Gateway.Host.Logging;

/// <summary>
/// Shows the talk group, endpoint, call and unit ids of a log event on the console (as <c> {tg=… ep=…}</c>) when they come
/// from the log context or a scope rather than from the message itself. The JSON file keeps them as properties anyway.
/// Components use these property names: TalkGroupId, EndpointId, CallId, UnitId.
/// </summary>
internal sealed class ContextTagsEnricher : ILogEventEnricher
{
    public const string PropertyName = "ContextTags";

    private static readonly (string Property, string Tag)[] Tags =
    [
        ("TalkGroupId", "tg"),
        ("EndpointId", "ep"),
        ("CallId", "call"),
        ("UnitId", "unit"),
    ];

    private static readonly LogEventProperty Empty = new(PropertyName, new ScalarValue(string.Empty));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        System.Text.StringBuilder? text = null;
        foreach (var (property, tag) in Tags)
        {
            if (logEvent.Properties.TryGetValue(property, out var value) && !InMessage(logEvent.MessageTemplate, property))
            {
                text ??= new System.Text.StringBuilder(" {");
                if (text.Length > 2)
                {
                    text.Append(' ');
                }

                text.Append(tag).Append('=').Append(value is ScalarValue { Value: var scalar } ? scalar : value);
            }
        }

        logEvent.AddPropertyIfAbsent(text is null ? Empty : new LogEventProperty(PropertyName, new ScalarValue(text.Append('}').ToString())));
    }

    private static bool InMessage(MessageTemplate template, string property)
    {
        foreach (var token in template.Tokens)
        {
            if (token is PropertyToken { PropertyName: var name } && name == property)
            {
                return true;
            }
        }

        return false;
    }
}
