namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

/// <summary>Base of every trigger binding attribute; Microsoft's metadata generator recognises bindings by this base type.</summary>
public abstract class TriggerBindingAttribute : BindingAttribute
{
}
