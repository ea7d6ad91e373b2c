using System.CommandLine;
using System.Text.Json;
using McpOrchestrator.Cli.Files;
using McpOrchestrator.Cli.Merging;
using McpOrchestrator.Cli.Output;
using McpOrchestrator.Cli.Settings;
using McpOrchestrator.Cli.Verification;
using McpOrchestrator.Core.Signing;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo pull CLIENT [--profile P] [--dry-run] [--yes] [--path FILE] [--trust-key]</c>: fetches the
/// deployed artifact, verifies it (JWS against the JWKS and the pinned key, artifactId against the payload), merges
/// its servers into the client's own file, shows the diff, asks, writes atomically with a backup, and records what
/// it applied. Any failed check writes nothing.</summary>
public static class PullCommand
{
    public static Command Create(CliContext context)
    {
        var client = CommandActions.ClientArgument();
        var profile = CommandActions.ProfileOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the change and write nothing" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Write without asking" };
        var path = new Option<string?>("--path") { Description = "Write this file instead of the client's usual one" };
        var trustKey = new Option<bool>("--trust-key") { Description = "Accept a signing key other than the one pinned for this service (after a key rotation)" };
        var command = new Command("pull", "Write the deployed configuration into a client's config file") { client, profile, dryRun, yes, path, trustKey };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var definition = context.Client(parse.GetValue(client)!);
            var profileId = parse.GetValue(profile)!;
            var file = context.ClientFile(definition, parse.GetValue(path));
            var service = context.Service();
            var url = service.Endpoint.BaseUri.ToString().TrimEnd('/');
            var state = context.State;

            var (artifact, keys) = await context.Console.SpinAsync($"Fetching {definition.Id}/{profileId} from {url}", quiet: false, async status =>
            {
                var body = await service.GetAsync($"v1/config/{definition.Id}/{profileId}", cancellationToken);
                status("Fetching the signing keys");
                var jwks = await service.GetAsync("v1/keys", cancellationToken);
                return (Read<DeployedArtifact>(body), Read<JsonWebKeySet>(jwks));
            });
            var verified = await new ArtifactVerifier(context.Time).VerifyAsync(
                artifact, keys, state.ReadPin(url), parse.GetValue(trustKey), definition.Id, profileId);

            var existing = ReadExisting(file);
            string merged;
            try
            {
                merged = new ConfigMerger(context.Formats).Merge(definition, existing, verified.Payload.Servers);
            }
            catch (MergeException ex)
            {
                throw new CliException($"{file}: {ex.Message}; nothing was written.");
            }

            context.Console.Line($"{definition.DisplayName} ← {definition.Id}/{profileId} version {artifact.Version} ({artifact.ArtifactId}), signed by key {verified.Pin.Kid}, verified");
            context.Console.Line(file);
            var diff = LineDiff.Lines(existing, merged);
            if (diff.Count == 0)
            {
                context.Console.Line("Already up to date; nothing to write.");
                if (!parse.GetValue(dryRun))
                {
                    Record(context, state, url, verified, definition.Id, profileId, file, backup: null);
                }

                return ExitCodes.Success;
            }

            ShowDiff(context, diff, existing is null);
            if (parse.GetValue(dryRun))
            {
                context.Console.Line("Dry run: nothing was written.");
                return ExitCodes.Success;
            }

            if (!parse.GetValue(yes))
            {
                if (!context.Console.CanAsk)
                {
                    throw new CliException("not a terminal, so mcpo cannot ask before writing; run with --yes to write, or --dry-run to only show the change. Nothing was written.");
                }

                if (!await context.Console.Out.ConfirmAsync($"Write {Markup.Escape(file)}?", defaultValue: false, cancellationToken))
                {
                    context.Console.Line("Nothing was written.");
                    return ExitCodes.Failure;
                }
            }

            string? backup;
            try
            {
                backup = AtomicFileWriter.Write(file, merged, context.Time.GetUtcNow());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write {file}: {ex.Message}");
            }

            Record(context, state, url, verified, definition.Id, profileId, file, backup);
            context.Console.Line(backup is null ? $"Wrote {file}." : $"Wrote {file}; the previous file is in {backup}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static T Read<T>(System.Text.Json.Nodes.JsonNode body)
    {
        try
        {
            return body.Deserialize<T>(Http.ServiceClient.Json) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new VerificationException(VerificationFailure.Malformed, "the service's answer is not a deployed artifact and key set");
        }
    }

    private static string? ReadExisting(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {file}: {ex.Message}");
        }
    }

    private static void Record(CliContext context, CliState state, string url, VerifiedArtifact verified, string clientId, string profileId, string file, string? backup)
    {
        state.RecordApplied(new AppliedArtifact
        {
            ClientId = clientId,
            Path = file,
            Url = url,
            ProfileId = profileId,
            Version = verified.Artifact.Version,
            ArtifactId = verified.Artifact.ArtifactId,
            AppliedAt = context.Time.GetUtcNow(),
            Backup = backup,
        });
        if (verified.NewPin)
        {
            state.WritePin(url, verified.Pin);
            context.Console.Note($"Pinned signing key {verified.Pin.Kid} for {url}.");
        }
    }

    private static void ShowDiff(CliContext context, IReadOnlyList<string> diff, bool newFile)
    {
        if (newFile)
        {
            context.Console.Line("New file:");
        }

        foreach (var line in diff)
        {
            if (!context.Console.IsTerminal)
            {
                context.Console.Line(line);
                continue;
            }

            var color = line[0] switch { '+' => "green", '-' => "red", '@' => "grey", _ => "default" };
            context.Console.Markup($"[{color}]{Markup.Escape(line)}[/]");
        }
    }
}
