namespace Microsoft.Azure.Functions.Worker;

/// <summary>The next step of the invocation pipeline.</summary>
public delegate Task FunctionExecutionDelegate(FunctionContext context);
