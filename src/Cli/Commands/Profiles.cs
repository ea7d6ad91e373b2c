using McpOrchestrator.Cli.Http;

namespace McpOrchestrator.Cli.Commands;

/// <summary>Creates a profile on first use: a draft change to a profile the client does not have yet creates it
/// (<c>PUT /v1/clients/{client}/profiles/{profile}</c>) and is sent again, with a note on stderr.</summary>
public static class Profiles
{
    public static async Task<T> CreatingAsync<T>(CliContext context, ServiceClient service, string clientId, string profileId, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            return await change();
        }
        catch (ServiceException ex) when (ex.Code == "profile_not_found")
        {
            await service.SendAsync(HttpMethod.Put, $"v1/clients/{clientId}/profiles/{profileId}", null, cancellationToken);
            context.Console.Note($"Created profile {clientId}/{profileId}.");
            return await change();
        }
    }
}
