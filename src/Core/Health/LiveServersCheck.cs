namespace McpOrchestrator.Core.Health;

/// <summary>The live servers of this instance, from memory (no storage read): how many are deployed
/// (<see cref="Total"/>), connected and answering (<see cref="Up"/>), marked down after consecutive failed health
/// checks (<see cref="Down"/>), and neither yet (<see cref="Connecting"/>: starting, or reconnecting before the
/// threshold). Down servers do not make the service unhealthy: they are someone else's processes.</summary>
public sealed record LiveServersCheck(string Profile, int Total, int Up, int Down, int Connecting);
