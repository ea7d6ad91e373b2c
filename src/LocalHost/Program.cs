using McpOrchestrator.LocalHost.Hosting;

// The local Functions host: `McpOrchestrator.LocalHost [--script-root <dir>] [--port N] [--no-build]`.
return await LocalHostApplication.RunAsync(args);
