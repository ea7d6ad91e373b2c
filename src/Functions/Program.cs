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
builder.UseMiddleware<ProblemBoundary>();
builder.Services.AddMcpOrchestrator(builder.Configuration);
#if AZURE_FUNCTIONS
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
#endif
builder.Build().Run();
