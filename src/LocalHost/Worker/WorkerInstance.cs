using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>A worker that completed its handshake: its process, its stream, the URI of its own HTTP listener
/// (ASP.NET Core integration) and the functions it loaded.</summary>
internal sealed record WorkerInstance(WorkerProcess Process, WorkerChannel Channel, Uri? HttpUri, IReadOnlyList<LoadedFunction> Functions, DateTimeOffset ReadyAt)
{
    public LoadedFunction? Find(string name) => Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
