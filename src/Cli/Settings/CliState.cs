namespace McpOrchestrator.Cli.Settings;

/// <summary>The files in <c>mcpo</c>'s config directory: <c>login.json</c> (URL and token), <c>keys.json</c> (the
/// pinned signing key per service), <c>applied.json</c> (the artifact applied per client file). Every file is mode
/// 0600.</summary>
public sealed class CliState(string directory)
{
    public string Directory { get; } = directory;

    public string LoginPath => Path.Combine(Directory, "login.json");

    public string KeysPath => Path.Combine(Directory, "keys.json");

    public string AppliedPath => Path.Combine(Directory, "applied.json");

    public LoginSettings? ReadLogin() => JsonFiles.Read<LoginSettings>(LoginPath);

    public void WriteLogin(LoginSettings login) => JsonFiles.Write(LoginPath, login);

    public KeyPin? ReadPin(string url) => (JsonFiles.Read<Dictionary<string, KeyPin>>(KeysPath) ?? []).GetValueOrDefault(ServiceKey(url));

    public void WritePin(string url, KeyPin pin)
    {
        var pins = JsonFiles.Read<Dictionary<string, KeyPin>>(KeysPath) ?? [];
        pins[ServiceKey(url)] = pin;
        JsonFiles.Write(KeysPath, pins);
    }

    public IReadOnlyList<AppliedArtifact> ReadApplied() => JsonFiles.Read<List<AppliedArtifact>>(AppliedPath) ?? [];

    public AppliedArtifact? FindApplied(string path) =>
        ReadApplied().LastOrDefault(a => string.Equals(a.Path, Path.GetFullPath(path), StringComparison.Ordinal));

    public void RecordApplied(AppliedArtifact applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var records = ReadApplied().Where(a => !string.Equals(a.Path, applied.Path, StringComparison.Ordinal)).ToList();
        records.Add(applied);
        JsonFiles.Write(AppliedPath, records);
    }

    /// <summary>A service's identity for pinning: its base URL without a trailing slash, scheme and host lower-case.</summary>
    public static string ServiceKey(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant()
            : url.TrimEnd('/');
    }
}
