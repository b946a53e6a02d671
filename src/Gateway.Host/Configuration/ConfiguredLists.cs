using System.Collections;
using System.Reflection;

namespace Gateway.Host.Configuration;

/// <summary>
/// Makes a configured list mean exactly what it says. <c>ConfigurationBinder</c> appends configured items to a list's
/// initial value, so <c>"TalkGroups": ["tianhe"]</c> on an API key whose default is <c>["*"]</c> would bind as
/// <c>["*", "tianhe"]</c> (all groups), and <c>[]</c> would keep <c>["*"]</c>. After binding, every list that the
/// configuration sets is cut back to the configured items (the binder appends them last, in order).
/// </summary>
internal static class ConfiguredLists
{
    public static void Normalize(object target, IConfigurationSection section)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || IsScalar(property.PropertyType))
            {
                continue;
            }

            var child = section.GetSection(property.Name);
            if (!child.Exists() || property.GetValue(target) is not { } value)
            {
                continue;
            }

            NormalizeValue(value, child);
        }
    }

    private static void NormalizeValue(object value, IConfigurationSection section)
    {
        if (value is IList list && !list.IsFixedSize)
        {
            var items = section.GetChildren().ToList();
            while (list.Count > items.Count)
            {
                list.RemoveAt(0);
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is { } item && !IsScalar(item.GetType()))
                {
                    Normalize(item, items[i]);
                }
            }
        }
        else if (value is IDictionary dictionary)
        {
            // Dictionary values (e.g. Gateway:Alerts:Presets:<name> step lists) are bound again by each binder too.
            foreach (var entry in section.GetChildren())
            {
                if (dictionary.Contains(entry.Key) && dictionary[entry.Key] is { } item && !IsScalar(item.GetType()))
                {
                    NormalizeValue(item, entry);
                }
            }
        }
        else
        {
            Normalize(value, section);
        }
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);
    }
}
