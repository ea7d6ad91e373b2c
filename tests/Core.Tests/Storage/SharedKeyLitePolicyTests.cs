using Azure.Core;
using Azure.Core.Pipeline;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

public sealed class SharedKeyLitePolicyTests
{
    private const string DevelopmentKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly DateTimeOffset Now = new(2022, 3, 8, 22, 44, 11, TimeSpan.Zero);

    [Fact]
    public void StringToSign_PathStyleEndpoint_RepeatsAccountAndIgnoresQueryExceptComp()
    {
        Assert.Equal(
            "Tue, 08 Mar 2022 22:44:11 GMT\n/devstoreaccount1/devstoreaccount1/Tables",
            SharedKeyLitePolicy.StringToSign("Tue, 08 Mar 2022 22:44:11 GMT", "devstoreaccount1", "/devstoreaccount1/Tables", "?$filter=x&$top=5"));
        Assert.Equal(
            "d\n/acct/?comp=properties",
            SharedKeyLitePolicy.StringToSign("d", "acct", "/", "?restype=service&comp=properties"));
    }

    // Expected signatures computed independently with:
    // printf '<date>\n<resource>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<hex of base64-decoded key> -binary | base64
    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1/Tables", "devstoreaccount1", "gBWqSvjN3/S5xmxI/1ePjjBM/BkWaHp8zfPgzZHpxAI=")]
    [InlineData("https://myaccount.table.core.windows.net/mytable(PartitionKey='O%27%27Brien',RowKey='r%201')", "myaccount", "ZVq2f956EKylzv2kmhHpNrj8PMppvGla2DzsajRbhKM=")]
    public void OnSendingRequest_FixedClock_SetsDateAndHandComputedSignature(string url, string account, string expectedSignature)
    {
        var policy = new SharedKeyLitePolicy(account, Convert.FromBase64String(DevelopmentKey), new ManualTimeProvider(Now));
        var message = HttpPipelineBuilder.Build(new TableServiceClientOptions()).CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(url));

        policy.OnSendingRequest(message);

        Assert.True(message.Request.Headers.TryGetValue("x-ms-date", out var date));
        Assert.Equal("Tue, 08 Mar 2022 22:44:11 GMT", date);
        Assert.True(message.Request.Headers.TryGetValue("Authorization", out var authorization));
        Assert.Equal($"SharedKeyLite {account}:{expectedSignature}", authorization);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10002/devstoreaccount1", "/devstoreaccount1/Tables")]
    [InlineData("https://acct.table.core.windows.net", "/Tables")]
    [InlineData("https://acct.table.core.windows.net/", "/Tables")]
    public void CreateMessage_EndpointStyles_PathBelowEndpoint(string endpoint, string expectedPath)
    {
        var connection = StorageConnection.Parse($"AccountName=acct;AccountKey={DevelopmentKey};TableEndpoint={endpoint}");
        var service = new TableServiceClient(connection);

        using var message = service.CreateMessage(RequestMethod.Get, "Tables");

        Assert.Equal(expectedPath, message.Request.Uri.Path);
    }
}
