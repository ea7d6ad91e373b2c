namespace McpOrchestrator.Core.Mcp;

/// <summary>Thrown by <see cref="NetworkGuard"/>'s connect hook when a connection would reach an address the service
/// must not reach; <see cref="McpServerException"/> of kind <see cref="McpFailureKind.AddressNotAllowed"/> carries it
/// to callers.</summary>
public sealed class AddressNotAllowedException(string message) : Exception(message);
