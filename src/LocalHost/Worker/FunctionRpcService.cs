using Grpc.Core;
using McpOrchestrator.LocalHost.Rpc;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>The host's side of <c>FunctionRpc.EventStream</c>: the worker's first message (<c>StartStream</c>)
/// names the worker id the host launched it with, which selects the channel that serves the stream.</summary>
internal sealed class FunctionRpcService(WorkerChannelRegistry registry) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.StartStream is not { } start)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.InvalidArgument, "The first message must be StartStream."));
        }

        var channel = registry.Find(start.WorkerId)
            ?? throw new Grpc.Core.RpcException(new Status(StatusCode.NotFound, $"No worker '{start.WorkerId}' was launched by this host."));
        await channel.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}
