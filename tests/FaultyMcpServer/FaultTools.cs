using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpOrchestrator.FaultyMcpServer;

/// <summary>The tools, each a way to behave or misbehave.</summary>
[McpServerToolType]
internal sealed class FaultTools(FaultState state, IServiceProvider services)
{
    [McpServerTool(Name = "echo"), Description("Answers 'Echo: <message>'.")]
    public string Echo(string message)
    {
        state.RecordCall("echo");
        return $"Echo: {message}";
    }

    [McpServerTool(Name = "fail"), Description("Answers a tool error (isError: true) carrying the message.")]
    public string Fail(string message)
    {
        state.RecordCall("fail");
        throw new McpException(message);
    }

    [McpServerTool(Name = "slow"), Description("Answers after delayMs milliseconds (honours cancellation).")]
    public async Task<string> Slow(int delayMs, CancellationToken cancellationToken)
    {
        state.RecordCall("slow");
        try
        {
            await Task.Delay(delayMs, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            state.RecordCancelled();
            throw;
        }

        return $"slept {delayMs} ms";
    }

    [McpServerTool(Name = "hang"), Description("Never answers; counts the call as cancelled when the client cancels it.")]
    public async Task<string> Hang(CancellationToken cancellationToken)
    {
        state.RecordCall("hang");
        state.RecordHangStarted();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            state.RecordCancelled();
            throw;
        }

        return "unreachable";
    }

    [McpServerTool(Name = "wait_cancelled"), Description("Waits (at most timeoutMs) until a call was cancelled by the client; answers how many were.")]
    public async Task<int> WaitCancelled(int timeoutMs, CancellationToken cancellationToken)
    {
        try
        {
            await state.FirstCancellation.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs), cancellationToken);
        }
        catch (TimeoutException)
        {
            // Answer 0: nothing was cancelled in time.
        }

        return state.Cancelled;
    }

    [McpServerTool(Name = "wait_started"), Description("Waits (at most timeoutMs) until a hang call is running; answers whether one is.")]
    public async Task<bool> WaitStarted(int timeoutMs, CancellationToken cancellationToken)
    {
        try
        {
            await state.FirstHang.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs), cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [McpServerTool(Name = "env"), Description("The value of an environment variable of the server process, or null.")]
    public static string? Env(string name) => Environment.GetEnvironmentVariable(name);

    [McpServerTool(Name = "header"), Description("The value of a request header of this call (HTTP mode only), or null.")]
    public string? Header(string name) =>
        services.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers.TryGetValue(name, out var value) == true
            ? value.ToString()
            : null;

    [McpServerTool(Name = "crash"), Description("Exits the process at once with exitCode (the transport drops).")]
    public string Crash(int exitCode = 1)
    {
        state.RecordCall("crash");
        Program.Crash(state.Settings, exitCode);
        return "unreachable";
    }

    [McpServerTool(Name = "crash_once"), Description("Crashes the first time it is called with a key (needs --state-dir), answers 'recovered' afterwards.")]
    public string CrashOnce(string key)
    {
        state.RecordCall("crash_once");
        var directory = state.Settings.StateDir ?? throw new McpException("crash_once needs --state-dir.");
        var marker = Path.Combine(directory, key + ".crashed");
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "crashed");
            Program.Crash(state.Settings, 3);
        }

        return "recovered";
    }

    [McpServerTool(Name = "http_fault"), Description("Makes the next count tools/call POSTs answer HTTP status (0 drops the connection). HTTP mode only.")]
    public string HttpFault(int status, int count)
    {
        state.RecordCall("http_fault");
        state.SetHttpFault(status, count);
        return $"next {count} tools/call POSTs answer {status}";
    }

    [McpServerTool(Name = "stats"), Description("Calls per tool, cancelled calls and tools/call POSTs seen so far.")]
    public FaultStats Stats() => new(state.Calls, state.Cancelled, state.ToolCallPosts);

    [McpServerTool(Name = "pid"), Description("The server's process id.")]
    public static int Pid() => Environment.ProcessId;
}

internal sealed record FaultStats(IReadOnlyDictionary<string, int> Calls, int Cancelled, int ToolCallPosts);
