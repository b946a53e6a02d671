using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// Compares the raw configuration with the options types before binding: unknown keys (typos such as <c>HangTimeMS</c>
/// would otherwise be ignored silently), values that do not convert (<c>"HangTimeMs": "3s"</c>), objects where a value is
/// expected and the reverse. The binder stops at the first bad value; this reports all of them.
/// </summary>
public static class ConfigurationShapeValidator
{
    public static void Validate(IConfigurationSection section, Type type, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(problems);
        Check(section, type, section.Path, problems);
    }

    private static void Check(IConfigurationSection section, Type type, string key, ConfigurationProblems problems)
    {
        var children = section.GetChildren().ToList();
        var scalar = Nullable.GetUnderlyingType(type) ?? type;

        if (IsScalar(scalar))
        {
            if (children.Count > 0)
            {
                problems.Key(key, "must be a single value, not a section");
            }
            else if (section.Value is { Length: > 0 } value && !Converts(value, scalar))
            {
                problems.Invalid(key, value, "is not " + Describe(scalar));
            }

            return;
        }

        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                problems.Invalid(key, section.Value, ElementType(type) is not null ? "must be a list" : "must be a section");
            }

            return;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            foreach (var child in children)
            {
                Check(child, valueType, ConfigKey.Child(key, child.Key), problems);
            }

            return;
        }

        if (ElementType(type) is { } elementType)
        {
            foreach (var child in children)
            {
                if (int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    Check(child, elementType, ConfigKey.Item(key, index), problems);
                }
                else
                {
                    problems.Key(ConfigKey.Child(key, child.Key), "is not a list item (list items are numbered 0, 1, ...)");
                }
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        foreach (var child in children)
        {
            var property = properties.Find(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var suggestion = Suggest(child.Key, properties);
                problems.Key(ConfigKey.Child(key, child.Key), "is not a known setting" + (suggestion is null ? string.Empty : $" (did you mean {suggestion}?)"));
            }
            else
            {
                Check(child, property.PropertyType, ConfigKey.Child(key, property.Name), problems);
            }
        }
    }

    private static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
        : type.IsArray ? type.GetElementType()
        : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && typeof(IDictionary).IsAssignableFrom(type)
            ? type.GetGenericArguments()[1]
            : null;

    private static bool Converts(string value, Type type)
    {
        if (type == typeof(string))
        {
            return true;
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(value, out _);
        }

        if (type == typeof(int))
        {
            return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        }

        if (type == typeof(long))
        {
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out var parsed) && Enum.IsDefined(type, parsed!);
        }

        try
        {
            _ = System.ComponentModel.TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static string Describe(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
        : "a valid " + type.Name;

    /// <summary>The property the user probably meant: same name ignoring case and separators, or at most two edits away.</summary>
    private static string? Suggest(string key, IReadOnlyList<PropertyInfo> properties)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var property in properties)
        {
            var distance = Distance(key.ToUpperInvariant(), property.Name.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = property.Name;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
