using System.Text.Json;

namespace McpOrchestrator.LocalRuntime.Metadata;

/// <summary>Reads functions.metadata, the file Microsoft's GenerateFunctionMetadata task writes beside the app and
/// the Functions host indexes.</summary>
public static class FunctionMetadataFile
{
    public const string FileName = "functions.metadata";

    public static IReadOnlyList<FunctionMetadata> Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing. It is written by the build (src/LocalRuntime/build/FunctionMetadata.targets); rebuild the app with 'dotnet build'.");
        }

        return Parse(File.ReadAllText(path));
    }

    public static IReadOnlyList<FunctionMetadata> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var functions = new List<FunctionMetadata>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var bindings = new List<BindingMetadata>();
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                var properties = binding.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase);
                bindings.Add(new BindingMetadata
                {
                    Name = binding.GetProperty("name").GetString()!,
                    Type = binding.GetProperty("type").GetString()!,
                    Direction = binding.GetProperty("direction").GetString()!,
                    Properties = properties,
                });
            }

            functions.Add(new FunctionMetadata
            {
                Name = function.GetProperty("name").GetString()!,
                ScriptFile = function.GetProperty("scriptFile").GetString()!,
                EntryPoint = function.GetProperty("entryPoint").GetString()!,
                Bindings = bindings,
            });
        }

        return functions;
    }
}
