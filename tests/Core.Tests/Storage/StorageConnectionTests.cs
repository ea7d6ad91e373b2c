using Azure.Identity;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Tests.Storage;

public sealed class StorageConnectionTests
{
    private const string SecretKey = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkw";

    [Fact]
    public void Parse_UseDevelopmentStorage_PointsAtAzuriteWithSharedKey()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.True(connection.UsesSharedKey);
        Assert.Null(connection.TokenCredential);
    }

    [Fact]
    public void Parse_FullStringWithTableEndpoint_UsesTableEndpoint()
    {
        var connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={SecretKey};TableEndpoint=http://127.0.0.1:4567/acct/;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("http://127.0.0.1:4567/acct"), connection.TableEndpoint);
        Assert.Equal("acct", connection.AccountName);
        Assert.True(connection.UsesSharedKey);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + SecretKey, "https://acct.table.core.windows.net/")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=" + SecretKey + ";EndpointSuffix=core.chinacloudapi.cn", "http://acct.table.core.chinacloudapi.cn/")]
    [InlineData("accountname=acct; accountkey=" + SecretKey + " ;", "https://acct.table.core.windows.net/")]
    public void Parse_FullStringWithoutTableEndpoint_DerivesEndpointFromAccountAndSuffix(string connectionString, string expected)
    {
        var connection = StorageConnection.Parse(connectionString);

        Assert.Equal(new Uri(expected), connection.TableEndpoint);
    }

    [Fact]
    public void Parse_MissingAccountKey_NamesSettingAndFix()
    {
        var error = Assert.Throws<StorageConnectionException>(
            () => StorageConnection.Parse("DefaultEndpointsProtocol=https;AccountName=acct", "MyStorage"));

        Assert.Equal("MyStorage", error.SettingName);
        Assert.Contains("'MyStorage'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccountKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=acct;" + SecretKey)]
    [InlineData("AccountName=acct;AccountKey=" + SecretKey + "!!;")]
    [InlineData("AccountName=acct;AccountKey=" + SecretKey + ";TableEndpoint=not a url")]
    [InlineData("AccountName=acct;AccountKey=" + SecretKey + ";SharedAccessSignature=sv=2020&sig=abc")]
    [InlineData("UseDevelopmentStorage=false")]
    [InlineData("   ")]
    public void Parse_Malformed_ThrowsClearErrorWithoutEchoingKey(string connectionString)
    {
        var error = Assert.Throws<StorageConnectionException>(() => StorageConnection.Parse(connectionString, "AzureWebJobsStorage"));

        Assert.IsAssignableFrom<FormatException>(error);
        Assert.StartsWith("Storage setting 'AzureWebJobsStorage' ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey[..20], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SharedKeyConnection_DoesNotRevealKey()
    {
        var connection = StorageConnection.Parse($"AccountName=acct;AccountKey={SecretKey}");

        var text = connection.ToString();

        Assert.Contains("acct", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ConnectionString_ParsesIt()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var connection = StorageConnection.FromConfiguration(configuration);

        Assert.True(connection.UsesSharedKey);
        Assert.Equal("devstoreaccount1", connection.AccountName);
    }

    [Fact]
    public void FromConfiguration_AccountNameWithManagedIdentity_UsesManagedIdentityCredential()
    {
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:accountName"] = "prodacct",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var connection = StorageConnection.FromConfiguration(configuration);

        Assert.False(connection.UsesSharedKey);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential);
        Assert.Equal(new Uri("https://prodacct.table.core.windows.net"), connection.TableEndpoint);
        Assert.Equal("prodacct", connection.AccountName);
    }

    [Fact]
    public void FromConfiguration_TableServiceUriWithoutCredentialSetting_UsesDefaultAzureCredential()
    {
        var configuration = Configuration(new() { ["Tables:tableServiceUri"] = "https://other.table.core.windows.net/" });

        var connection = StorageConnection.FromConfiguration(configuration, "Tables");

        Assert.IsType<DefaultAzureCredential>(connection.TokenCredential);
        Assert.Equal(new Uri("https://other.table.core.windows.net"), connection.TableEndpoint);
        Assert.Equal("other", connection.AccountName);
    }

    [Fact]
    public void FromConfiguration_UnknownCredentialKind_NamesTheCredentialSetting()
    {
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:accountName"] = "prodacct",
            ["AzureWebJobsStorage:credential"] = "password",
        });

        var error = Assert.Throws<StorageConnectionException>(() => StorageConnection.FromConfiguration(configuration));

        Assert.Equal("AzureWebJobsStorage__credential", error.SettingName);
        Assert.Contains("managedidentity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_IdentityOverHttp_Rejected()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage:tableServiceUri"] = "http://127.0.0.1:10002/devstoreaccount1" });

        var error = Assert.Throws<StorageConnectionException>(() => StorageConnection.FromConfiguration(configuration));

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NothingConfigured_ExplainsBothOptions()
    {
        var error = Assert.Throws<StorageConnectionException>(() => StorageConnection.FromConfiguration(Configuration(new())));

        Assert.Equal("AzureWebJobsStorage", error.SettingName);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
