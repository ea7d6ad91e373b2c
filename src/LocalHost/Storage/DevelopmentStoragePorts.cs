namespace McpOrchestrator.LocalHost.Storage;

/// <summary>The loopback ports development storage uses: the emulator's well-known 10000/10001/10002, which is what
/// <c>UseDevelopmentStorage=true</c> means to every storage client. <see cref="DataDirectory"/> null: <c>.azurite/</c>
/// beside the package.json Azurite comes from.</summary>
internal sealed record DevelopmentStoragePorts(int Blob, int Queue, int Table, string? DataDirectory = null)
{
    public static DevelopmentStoragePorts WellKnown { get; } = new(10000, 10001, 10002);
}
