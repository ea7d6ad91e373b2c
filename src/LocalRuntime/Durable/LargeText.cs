using System.Globalization;
using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Text longer than one table property holds (32 K UTF-16 characters) kept in numbered properties
/// <c>{name}</c>, <c>{name}1</c>, … with their count in <c>{name}Parts</c>; an entity still holds at most 1 MiB.</summary>
internal static class LargeText
{
    private const int PartLength = 30_000;

    /// <summary>Sets the text (null clears it: zero parts), so that a merge never leaves parts of a longer old value readable.</summary>
    public static void Write(TableEntity entity, string name, string? value)
    {
        if (value is null)
        {
            entity[PartsName(name)] = 0;
            entity[name] = string.Empty;
            return;
        }

        var parts = Math.Max(1, (value.Length + PartLength - 1) / PartLength);
        entity[PartsName(name)] = parts;
        for (var i = 0; i < parts; i++)
        {
            var start = i * PartLength;
            entity[PartName(name, i)] = value.Substring(start, Math.Min(PartLength, value.Length - start));
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        var parts = entity.GetInt32(PartsName(name)) ?? 0;
        if (parts == 0)
        {
            return null;
        }

        if (parts == 1)
        {
            return entity.GetString(name) ?? string.Empty;
        }

        return string.Concat(Enumerable.Range(0, parts).Select(i => entity.GetString(PartName(name, i))));
    }

    private static string PartsName(string name) => name + "Parts";

    private static string PartName(string name, int index) => index == 0 ? name : name + index.ToString(CultureInfo.InvariantCulture);
}
