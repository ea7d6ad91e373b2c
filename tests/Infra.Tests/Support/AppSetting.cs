using System.Reflection;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>One setting the app reads at start: its configuration key (<c>McpOrchestrator:Mcp:CallTimeout</c>), and,
/// when it binds an options property, that property (whose initial value is the default).</summary>
public sealed record AppSetting(string ConfigurationKey, PropertyInfo? Property)
{
    /// <summary>The app-setting spelling Azure uses (<c>McpOrchestrator__Mcp__CallTimeout</c>).</summary>
    public string Name => ConfigurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The default the code gives the setting, or null when it binds no options property.</summary>
    public object? CodeDefault => Property is null ? null : Property.GetValue(Activator.CreateInstance(Property.DeclaringType!));

    public override string ToString() => Property is null ? Name : $"{Name} ({Property.DeclaringType!.Name}.{Property.Name})";
}
