using McpOrchestrator.LocalHost.Durable;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Tests.Durable;

public sealed class ActivityStepTests
{
    [Theory]
    [InlineData("[\"x\"]", "\"x\"")]
    [InlineData("[{\"a\":1}]", "{\"a\":1}")]
    [InlineData("[1,2]", "[1,2]")]
    [InlineData("42", "42")]
    [InlineData(null, null)]
    public void UnwrapInput_OneElementArray_GivesTheElement(string? wire, string? expected) =>
        Assert.Equal(expected, ActivityStep.UnwrapInput(wire));

    [Fact]
    public void ToJson_TextResult_IsAJsonString()
    {
        Assert.Equal("\"hi\"", ActivityStep.ToJson(new InvocationValue.Text("hi")));
        Assert.Equal("{\"a\":1}", ActivityStep.ToJson(new InvocationValue.Json("{\"a\":1}")));
        Assert.Null(ActivityStep.ToJson(null));
    }

    [Fact]
    public void ToFailureDetails_WorkersJsonMessage_GivesTypeMessageStackAndInnerFailure()
    {
        var failure = new InvocationFailure(
            "Microsoft.Azure.Functions.Worker.FunctionInvocationException",
            "{ \"errorType\": \"System.TimeoutException\", \"errorMessage\": \"slow\", \"stackTrace\": \"at A\", \"innerFailure\": { \"errorType\": \"System.IO.IOException\", \"errorMessage\": \"disk\" } }",
            StackTrace: null);

        var details = ActivityStep.ToFailureDetails(failure, "F");

        Assert.Equal("System.TimeoutException", details.ErrorType);
        Assert.Equal("slow", details.ErrorMessage);
        Assert.Equal("at A", details.StackTrace);
        Assert.Equal("System.IO.IOException", details.InnerFailure?.ErrorType);
    }

    [Fact]
    public void ToFailureDetails_PlainMessage_KeepsTheReportedType()
    {
        var details = ActivityStep.ToFailureDetails(new InvocationFailure("System.ArgumentException", "bad", "at B"), "F");

        Assert.Equal("System.ArgumentException", details.ErrorType);
        Assert.Equal("bad", details.ErrorMessage);
    }
}
