using System.Text.Json.Nodes;

namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>What an extension knows of the app it serves: its directory, its <c>host.json</c>, and the app settings
/// (<c>local.settings.json</c> <c>Values</c> overlaid by the environment) that the worker also sees.</summary>
public sealed record HostContext(string ScriptRoot, JsonObject HostJson, IReadOnlyDictionary<string, string> AppSettings);
