using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Signing;

/// <summary>Says once at start whether private signing keys are encrypted at rest (never the key-encryption key).</summary>
internal sealed class SigningStartupLog(IOptions<SigningOptions> options, ILogger<SigningStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.EncryptionEnabled)
        {
            SigningLog.EncryptionOn(logger);
        }
        else
        {
            SigningLog.EncryptionOff(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
