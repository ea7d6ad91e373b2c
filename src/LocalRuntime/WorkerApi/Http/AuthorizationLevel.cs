namespace Microsoft.Azure.Functions.Worker;

/// <summary>Authorization level of an HTTP trigger. Function keys are not enforced by the local runtime (nor by Core Tools).</summary>
public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}
