namespace McpOrchestrator.Cli.Http;

/// <summary>Which service to talk to and with which API token (null: anonymous routes only).</summary>
public sealed record ServiceEndpoint(Uri BaseUri, string? Token);
