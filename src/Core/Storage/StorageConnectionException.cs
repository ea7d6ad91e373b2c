namespace McpOrchestrator.Core.Storage;

/// <summary>
/// A storage connection setting is missing or malformed. The message names the setting and how to fix it, and never
/// contains the account key.
/// </summary>
public sealed class StorageConnectionException : FormatException
{
    public StorageConnectionException()
    {
        SettingName = string.Empty;
    }

    public StorageConnectionException(string message)
        : base(message)
    {
        SettingName = string.Empty;
    }

    public StorageConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
        SettingName = string.Empty;
    }

    public StorageConnectionException(string settingName, string message)
        : base(message)
    {
        SettingName = settingName;
    }

    /// <summary>The configuration setting that holds the bad value, e.g. <c>AzureWebJobsStorage</c>.</summary>
    public string SettingName { get; }
}
