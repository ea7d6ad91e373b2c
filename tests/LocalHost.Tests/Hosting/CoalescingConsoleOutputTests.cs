using System.Text;
using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalHost.Tests.Hosting;

public sealed class CoalescingConsoleOutputTests
{
    [Fact]
    public void Write_LinesWithinTheDelay_AreWrittenOutTogetherWhenItEnds()
    {
        var (stream, time, output) = Start();

        output.WriteLine("info: first");
        output.Write("info: second");
        output.Write('\n');
        time.Advance(CoalescingConsoleOutput.FlushDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, stream.Length);
        Assert.Equal(1, time.PendingTimers);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("info: first\ninfo: second\n", Text(stream));
        Assert.Equal(0, time.PendingTimers);

        // The next text waits again, for a delay of its own.
        output.WriteLine("info: third");
        Assert.Equal(1, time.PendingTimers);
        time.Advance(CoalescingConsoleOutput.FlushDelay);
        Assert.Equal("info: first\ninfo: second\ninfo: third\n", Text(stream));
    }

    [Fact]
    public void Flush_WritesOutAtOnce_AndDisposedItWritesEveryTextThrough()
    {
        var (stream, time, output) = Start();

        output.WriteLine("info: held");
        output.Flush();
        Assert.Equal("info: held\n", Text(stream));

        output.WriteLine("info: held until the end");
        output.Dispose();
        Assert.Equal("info: held\ninfo: held until the end\n", Text(stream));

        output.WriteLine("info: late");
        Assert.Equal("info: held\ninfo: held until the end\ninfo: late\n", Text(stream));
        Assert.Equal(0, time.PendingTimers);
    }

    private static (MemoryStream Stream, ManualTimeProvider Time, CoalescingConsoleOutput Output) Start()
    {
        var stream = new MemoryStream();
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var inner = new StreamWriter(stream, new UTF8Encoding(false), 4096) { AutoFlush = false, NewLine = "\n" };
        return (stream, time, new CoalescingConsoleOutput(inner, time));
    }

    private static string Text(MemoryStream stream) => Encoding.UTF8.GetString(stream.ToArray());
}
