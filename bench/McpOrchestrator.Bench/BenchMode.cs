namespace McpOrchestrator.Bench;

/// <summary>Which measurements a run makes.</summary>
public enum BenchMode
{
    All,
    Health,
    Auth,
    Startup,
    Registry,
    Publish,
    Live,
    Mcp,
    Validation,
}
