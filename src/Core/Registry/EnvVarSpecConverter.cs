using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Registry;

/// <summary>Reads an <see cref="EnvVarSpec"/> from a bare name or from <c>{name, secret?, description?}</c> (other
/// members refused, as everywhere in the API); writes the object form.</summary>
internal sealed class EnvVarSpecConverter : JsonConverter<EnvVarSpec>
{
    public override EnvVarSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new EnvVarSpec { Name = reader.GetString()! };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a variable name or an object {\"name\", \"secret\", \"description\"}.");
        }

        string? name = null;
        string? description = null;
        var secret = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString()!;
            if (!seen.Add(property.ToLowerInvariant()))
            {
                throw new JsonException($"'{property}' is given twice.");
            }

            reader.Read();
            switch (property.ToLowerInvariant())
            {
                case "name" when reader.TokenType == JsonTokenType.String:
                    name = reader.GetString();
                    break;
                case "description" when reader.TokenType is JsonTokenType.String or JsonTokenType.Null:
                    description = reader.GetString();
                    break;
                case "secret" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    secret = reader.GetBoolean();
                    break;
                case "name" or "description" or "secret":
                    throw new JsonException($"'{property}' has the wrong type: name and description are strings, secret is a boolean.");
                default:
                    throw new JsonException($"The JSON property '{property}' could not be mapped to any member of an env variable (name, secret, description).");
            }
        }

        return new EnvVarSpec
        {
            Name = name ?? throw new JsonException("An env variable object needs a \"name\"."),
            Secret = secret,
            Description = description,
        };
    }

    public override void Write(Utf8JsonWriter writer, EnvVarSpec value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Json(options, "name"), value.Name);
        writer.WriteBoolean(Json(options, "secret"), value.Secret);
        if (value.Description is not null)
        {
            writer.WriteString(Json(options, "description"), value.Description);
        }

        writer.WriteEndObject();
    }

    private static string Json(JsonSerializerOptions options, string name) => options.PropertyNamingPolicy?.ConvertName(name) ?? name;
}
