using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Access;

/// <summary>Says once at start whether API-key authentication is on (never the key itself).</summary>
internal sealed class AccessStartupLog(IOptions<AccessOptions> options, ILogger<AccessStartupLog> logger) : IHostedService
{
    private const int ShortKeyLength = 16;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ApiKeyEnabled)
        {
            AccessLog.ApiKeyOff(logger);
            return Task.CompletedTask;
        }

        AccessLog.ApiKeyOn(logger);
        if (settings.ApiKey!.Length < ShortKeyLength)
        {
            AccessLog.ApiKeyShort(logger, ShortKeyLength);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
