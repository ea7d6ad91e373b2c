using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace McpOrchestrator.TestSupport;

/// <summary>
/// xunit class fixture: one fresh, in-memory Azurite per test class, so test classes never see each other's data.
/// Tests inside a class keep apart by using <see cref="UniqueTableName"/>.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private int _tableCount;

    /// <summary>The running Azurite of this test class.</summary>
    public AzuriteProcess Azurite =>
        _azurite ?? throw new InvalidOperationException("The Azurite fixture has not been initialised by xunit yet.");

    /// <summary>Connection string for <see cref="Azurite"/>.</summary>
    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>
    /// A table name no other test of this class uses: <paramref name="prefix"/> (letters and digits, starting with a
    /// letter) followed by a counter and random hex, within the 63-character limit.
    /// </summary>
    public string UniqueTableName(string prefix = "t")
    {
        if (!PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException(
                $"Table name prefix '{prefix}' must start with a letter and hold 1 to 40 letters or digits.", nameof(prefix));
        }

        var count = Interlocked.Increment(ref _tableCount).ToString(CultureInfo.InvariantCulture);
        var name = $"{prefix}{count}x{Guid.NewGuid():N}";
        return name.Length <= 63 ? name : name[..63];
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartNewAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex PrefixPattern();
}
