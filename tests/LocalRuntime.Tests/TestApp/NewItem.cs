namespace McpOrchestrator.LocalRuntime.Tests.TestApp;

public sealed record NewItem(string Name, int Quantity);
