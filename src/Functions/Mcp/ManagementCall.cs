using McpOrchestrator.Core.Access;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>Who calls a management tool, and the Durable client of the invocation for the publishing tools.</summary>
public sealed record ManagementCall(Principal Principal, DurableTaskClient Durable);
