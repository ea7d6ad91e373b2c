using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using McpOrchestrator.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>How the Table service client is made from the <c>AzureWebJobsStorage</c> settings, as Azure Functions reads
/// them: connection strings parsed by the SDK, identity-based settings through Microsoft.Extensions.Azure, and the
/// settings errors that name the setting without echoing a secret.</summary>
public sealed class TableStorageTests
{
    private const string SecretKey = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkw";

    [Fact]
    public void FromConfiguration_UseDevelopmentStorage_PointsAtAzuritesAccount()
    {
        var tables = Create(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), tables.Uri);
        Assert.Equal("devstoreaccount1", tables.AccountName);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + SecretKey, "https://acct.table.core.windows.net/")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=" + SecretKey + ";EndpointSuffix=core.chinacloudapi.cn", "http://acct.table.core.chinacloudapi.cn/")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + SecretKey + ";TableEndpoint=http://127.0.0.1:4567/acct/", "http://127.0.0.1:4567/acct/")]
    public void FromConfiguration_ConnectionString_EndpointAsTheSdkReadsIt(string connectionString, string expected)
    {
        var tables = Create(new() { ["AzureWebJobsStorage"] = connectionString });

        Assert.Equal(new Uri(expected), tables.Uri);
        Assert.Equal("acct", tables.AccountName);
    }

    [Fact]
    public void FromConfiguration_ConnectionStringsSection_IsReadToo()
    {
        var tables = Create(new() { ["ConnectionStrings:Tables"] = "UseDevelopmentStorage=true" }, "Tables");

        Assert.Equal("devstoreaccount1", tables.AccountName);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=acct;" + SecretKey)]
    [InlineData("AccountName=acct;AccountKey=" + SecretKey + "!!;")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct")]
    [InlineData("UseDevelopmentStorage=false")]
    public void FromConfiguration_MalformedConnectionString_NamesTheSettingWithoutEchoingTheKey(string connectionString)
    {
        var error = Assert.Throws<StorageConnectionException>(() => Create(new() { ["AzureWebJobsStorage"] = connectionString }));

        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Equal("AzureWebJobsStorage", error.SettingName);
        Assert.StartsWith("Storage setting 'AzureWebJobsStorage' ", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey[..20], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_AccountNameWithManagedIdentity_IdentityEndpointOfThatAccount()
    {
        var tables = Create(new()
        {
            ["AzureWebJobsStorage:accountName"] = "prodacct",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://prodacct.table.core.windows.net"), tables.Uri);
        Assert.Equal("prodacct", tables.AccountName);
    }

    [Fact]
    public void CreateTokenCredential_ManagedIdentitySettings_ManagedIdentityCredential()
    {
        // The credential half of the identity-based settings is Microsoft.Extensions.Azure's, as in the Functions host.
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        using var provider = services.BuildServiceProvider();
        var section = Configuration(new()
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }).GetSection("AzureWebJobsStorage");

        Assert.IsType<ManagedIdentityCredential>(provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section));
    }

    [Fact]
    public void FromConfiguration_UnknownCredentialKind_NamesTheCredentialSetting()
    {
        var error = Assert.Throws<StorageConnectionException>(() => Create(new()
        {
            ["AzureWebJobsStorage:accountName"] = "prodacct",
            ["AzureWebJobsStorage:credential"] = "password",
        }));

        Assert.Equal("AzureWebJobsStorage__credential", error.SettingName);
        Assert.Contains("managedidentity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_IdentityOverHttp_Rejected()
    {
        var error = Assert.Throws<StorageConnectionException>(
            () => Create(new() { ["AzureWebJobsStorage:tableServiceUri"] = "http://127.0.0.1:10002/devstoreaccount1" }));

        Assert.Equal("AzureWebJobsStorage__tableServiceUri", error.SettingName);
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NothingConfigured_ExplainsBothOptions()
    {
        var error = Assert.Throws<StorageConnectionException>(() => Create(new()));

        Assert.Equal("AzureWebJobsStorage", error.SettingName);
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTableStorage_TableServiceUriAndACredential_SendsTheBearerTokenToThatEndpoint()
    {
        using var certificate = LoopbackCertificate();
        await using var listener = await BearerListener.StartAsync(certificate);
        var credential = new FixedTokenCredential("test-token-" + Guid.NewGuid().ToString("N"));
        var configuration = Configuration(new() { ["AzureWebJobsStorage:tableServiceUri"] = $"{listener.Address}/devstoreaccount1" });
        var services = new ServiceCollection().AddLogging();
        services.AddAzureClients(builder =>
        {
            builder.UseCredential(credential);
            // Trust exactly the listener's self-signed certificate, nothing else.
            builder.ConfigureDefaults(options => options.Transport = new HttpClientTransport(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            }));
        });
        services.AddTableStorage(configuration);
        await using var provider = services.BuildServiceProvider();
        var tables = provider.GetRequiredService<TableServiceClient>();

        Assert.Null(await tables.GetTableClient("anything").GetEntityOrNullAsync("p", "r"));

        var authorization = await listener.Authorization.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Bearer " + credential.Token, authorization);
        Assert.Contains("https://storage.azure.com/.default", credential.Scopes);
    }

    private static TableServiceClient Create(Dictionary<string, string?> values, string connectionName = TableStorage.DefaultConnectionName)
    {
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        using var provider = services.BuildServiceProvider();
        return TableStorage.FromConfiguration(Configuration(values), provider.GetRequiredService<AzureComponentFactory>(), connectionName);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A credential that hands out one fixed token and remembers the scopes it was asked for.</summary>
    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public string Token { get; } = token;

        public System.Collections.Concurrent.ConcurrentBag<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Add(scope);
            }

            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>An https listener on 127.0.0.1 that records the first Authorization header and answers every request
    /// like the Table service answers a read of a missing entity.</summary>
    private sealed class BearerListener : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private BearerListener(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public TaskCompletionSource<string> Authorization { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<BearerListener> StartAsync(X509Certificate2 certificate)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
            var app = builder.Build();
            BearerListener? listener = null;
            app.Run(async context =>
            {
                listener!.Authorization.TrySetResult(context.Request.Headers.Authorization.ToString());
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.Headers["x-ms-error-code"] = "ResourceNotFound";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"odata.error":{"code":"ResourceNotFound","message":{"lang":"en-US","value":"The specified resource does not exist."}}}""");
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            listener = new BearerListener(app, address.TrimEnd('/'));
            return listener;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
