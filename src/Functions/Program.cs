using McpOrchestrator.Core;
using McpOrchestrator.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
#if AZURE_FUNCTIONS
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
#endif

// The same source builds against Microsoft's worker (FunctionsRuntime=azure) and the local runtime (default),
// which declares these types in the same namespaces.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Worker middleware, outermost first: failures become problem+json, then every HTTP function is authenticated and
// scope-checked before it runs (see AuthorizationMiddleware for why this, not function keys).
builder.UseMiddleware<ProblemBoundary>();
builder.UseMiddleware<AuthorizationMiddleware>();

builder.Services.AddMcpOrchestrator(builder.Configuration);
builder.Services.AddFunctionsHttp();
#if AZURE_FUNCTIONS
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
#endif
builder.Build().Run();
