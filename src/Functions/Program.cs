using McpOrchestrator.Core;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.Mcp;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Worker middleware, outermost first: failures become problem+json, then every HTTP function is authenticated and
// scope-checked before it runs (see AuthorizationMiddleware for why this, not function keys).
builder.UseMiddleware<ProblemBoundary>();
builder.UseMiddleware<AuthorizationMiddleware>();

builder.Services.AddMcpOrchestrator(builder.Configuration);
builder.Services.AddFunctionsHttp();
builder.Services.AddMcpEndpoint(builder.Configuration);

// Application Insights only where it has somewhere to send to (infra sets APPLICATIONINSIGHTS_CONNECTION_STRING):
// without one its telemetry modules would still track every request and dependency call, for nothing.
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
}

var app = builder.Build();

// Settings read outside the options pattern are checked here, so a bad one stops the start with its message.
app.Services.GetRequiredService<PublicAddress>();
app.Services.GetRequiredService<McpEndpoint>();
app.Run();
