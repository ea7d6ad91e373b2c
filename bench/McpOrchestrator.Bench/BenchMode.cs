namespace McpOrchestrator.Bench;

/// <summary>Which measurements a run makes.</summary>
public enum BenchMode
{
    All,
    Health,
    Auth,
    Startup,
    Durable,
    Registry,
    Publish,
    Live,
    Validation,
}
