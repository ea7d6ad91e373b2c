using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>A configuration source over fixed values that records every key the app looks up, found or not: the
/// ground truth of which settings the code reads.</summary>
public sealed class RecordingConfigurationSource(IReadOnlyDictionary<string, string> values) : IConfigurationSource
{
    private readonly ConcurrentDictionary<string, bool> _reads = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every key looked up so far.</summary>
    public IReadOnlyCollection<string> Reads => [.. _reads.Keys];

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(values, _reads);

    private sealed class Provider : ConfigurationProvider
    {
        private readonly ConcurrentDictionary<string, bool> _reads;

        public Provider(IReadOnlyDictionary<string, string> values, ConcurrentDictionary<string, bool> reads)
        {
            _reads = reads;
            foreach (var (key, value) in values)
            {
                Data[key] = value;
            }
        }

        public override bool TryGet(string key, out string? value)
        {
            _reads[key] = true;
            return base.TryGet(key, out value);
        }
    }
}
