using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class CallStatisticsTests
{
    [Fact]
    public void Read_NoCalls_HasNoPercentiles()
    {
        var snapshot = new CallStatistics().Read();

        Assert.Equal((0L, 0L, 0L), (snapshot.Calls, snapshot.Errors, snapshot.ToolErrors));
        Assert.Null(snapshot.P50Ms);
        Assert.Null(snapshot.P99Ms);
    }

    [Fact]
    public void Read_HundredCalls_NearestRankPercentilesAndCounts()
    {
        var statistics = new CallStatistics();
        for (var ms = 100; ms >= 1; ms--)
        {
            statistics.Record(TimeSpan.FromMilliseconds(ms), failed: ms % 10 == 0, toolError: ms % 25 == 0);
        }

        var snapshot = statistics.Read();

        Assert.Equal((100L, 10L, 4L), (snapshot.Calls, snapshot.Errors, snapshot.ToolErrors));
        Assert.Equal((50.0, 95.0, 99.0), (snapshot.P50Ms, snapshot.P95Ms, snapshot.P99Ms));
    }

    [Fact]
    public void Read_MoreCallsThanTheWindow_PercentilesCoverTheLatestOnly()
    {
        var statistics = new CallStatistics();
        for (var i = 0; i < CallStatistics.WindowSize; i++)
        {
            statistics.Record(TimeSpan.FromSeconds(10), failed: false, toolError: false);
        }

        for (var i = 0; i < CallStatistics.WindowSize; i++)
        {
            statistics.Record(TimeSpan.FromMilliseconds(2), failed: false, toolError: false);
        }

        var snapshot = statistics.Read();

        Assert.Equal(2L * CallStatistics.WindowSize, snapshot.Calls);
        Assert.Equal(2.0, snapshot.P99Ms);
    }
}
