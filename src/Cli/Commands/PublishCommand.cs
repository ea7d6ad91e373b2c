using System.CommandLine;
using System.Text.Json.Nodes;
using McpOrchestrator.Cli.Http;
using Spectre.Console;

namespace McpOrchestrator.Cli.Commands;

/// <summary><c>mcpo publish CLIENT --profile P [--deploy] [--probe] [--wait] [--changelog TEXT] [--json]</c>: starts
/// the publish pipeline; with <c>--wait</c> follows it (a progress display on a terminal, one line per step
/// elsewhere) and exits 0 when published, 2 when validation rejected the draft (its errors printed), 1 on any other
/// failure.</summary>
public static class PublishCommand
{

    public static Command Create(CliContext context)
    {
        var client = CommandActions.ClientArgument();
        var profile = CommandActions.ProfileOption(required: true);
        var deploy = new Option<bool>("--deploy") { Description = "Deploy the new version as soon as it is stored" };
        var probe = new Option<bool>("--probe") { Description = "Connect to every server for real before publishing" };
        var wait = new Option<bool>("--wait") { Description = "Follow the pipeline to its end; exit 0 published, 2 rejected, 1 failed" };
        var changelog = new Option<string?>("--changelog", "-m") { Description = "What changed, stored with the version" };
        var timeout = new Option<int>("--timeout") { Description = "With --wait: give up after this many seconds", DefaultValueFactory = _ => 600 };
        var json = CommandActions.JsonOption();
        var command = new Command("publish", "Publish a profile's draft as a signed version") { client, profile, deploy, probe, wait, changelog, timeout, json };
        command.SetRun(context, async (parse, cancellationToken) =>
        {
            var definition = context.Client(parse.GetValue(client)!);
            var profileId = parse.GetValue(profile)!;
            var service = context.Service();
            var started = await service.PostAsync($"v1/config/{definition.Id}/{profileId}/publish", new
            {
                changelog = parse.GetValue(changelog),
                deploy = parse.GetValue(deploy),
                probe = parse.GetValue(probe),
            }, cancellationToken);
            var id = started["id"]?.ToString() ?? throw new CliException("the service started a pipeline but gave no id.");
            if (!parse.GetValue(wait))
            {
                if (parse.GetValue(json))
                {
                    context.Console.Json(started);
                }
                else
                {
                    context.Console.Line($"Started pipeline {id}; follow it with 'mcpo publish ... --wait' next time, or GET {started["statusQueryGetUri"]}.");
                }

                return ExitCodes.Success;
            }

            var deadline = context.Time.GetUtcNow().AddSeconds(Math.Max(1, parse.GetValue(timeout)));
            string[] steps = ["snapshot", .. parse.GetValue(probe) ? (string[])["probe"] : [], "validate", "sign-and-store", .. parse.GetValue(deploy) ? (string[])["deploy"] : []];
            var status = await FollowAsync(context, service, id, steps, deadline, parse.GetValue(json), cancellationToken);
            return Report(context, status, parse.GetValue(json));
        });
        return command;
    }

    private static async Task<JsonNode> FollowAsync(CliContext context, ServiceClient service, string id, string[] steps, DateTimeOffset deadline, bool quiet, CancellationToken cancellationToken)
    {
        async Task<JsonNode> Poll(Action<string> onStep)
        {
            string? last = null;
            while (true)
            {
                var response = await service.SendAsync(HttpMethod.Get, $"v1/pipelines/{id}", null, cancellationToken);
                var body = response.Body ?? new JsonObject();
                var step = body["customStatus"]?["step"]?.ToString();
                if (step is not null && step != last)
                {
                    onStep(step);
                    last = step;
                }

                if (response.Status == 200)
                {
                    return body;
                }

                if (context.Time.GetUtcNow() >= deadline)
                {
                    throw new CliException($"pipeline {id} had not finished by the --timeout (it was at '{last ?? "starting"}'); it goes on in the service.");
                }

                var delay = response.RetryAfter is { } after && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(1);
                await Task.Delay(delay > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : delay, context.Time, cancellationToken);
            }
        }

        if (quiet)
        {
            return await Poll(_ => { });
        }

        if (!context.Console.IsTerminal)
        {
            context.Console.Note($"Pipeline {id} started.");
            return await Poll(step => context.Console.Note($"step: {step}"));
        }

        JsonNode result = new JsonObject();
        await context.Console.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = steps.ToDictionary(s => s, s => progress.AddTask(s, autoStart: false, maxValue: 1));
                result = await Poll(step =>
                {
                    var index = Array.IndexOf(steps, step);
                    for (var i = 0; i < steps.Length; i++)
                    {
                        if (i < index || (index < 0 && tasks[steps[i]].IsStarted))
                        {
                            tasks[steps[i]].Value = 1;
                            tasks[steps[i]].StopTask();
                        }
                    }

                    if (index >= 0)
                    {
                        tasks[step].StartTask();
                    }
                });
                foreach (var task in tasks.Values.Where(t => t.IsStarted))
                {
                    task.Value = 1;
                    task.StopTask();
                }
            });
        return result;
    }

    private static int Report(CliContext context, JsonNode status, bool json)
    {
        var runtime = status["runtimeStatus"]?.ToString();
        var output = status["output"];
        var outcome = output?["outcome"]?.ToString();
        if (json)
        {
            context.Console.Json(status);
        }

        if (runtime == "Completed" && outcome == "published")
        {
            if (!json)
            {
                var deployed = output!["deployed"]?.GetValue<bool>() == true ? ", deployed" : string.Empty;
                context.Console.Line($"Published version {output["version"]} ({output["artifactId"]}){deployed}.");
                PrintIssues(context, output["validation"]?["warnings"], "warning");
            }

            return ExitCodes.Success;
        }

        if (runtime == "Completed" && outcome == "rejected")
        {
            if (!json)
            {
                context.Console.Line("Rejected by validation; nothing was published:");
                PrintIssues(context, output!["validation"]?["errors"], "error");
            }

            return ExitCodes.Rejected;
        }

        var failure = status["failureDetails"]?.ToString();
        throw new CliException($"the pipeline ended {runtime ?? "without a status"}{(failure is null ? string.Empty : ": " + OneLine(failure))}.");
    }

    private static void PrintIssues(CliContext context, JsonNode? issues, string kind)
    {
        if (issues is not JsonArray list)
        {
            return;
        }

        foreach (var issue in list)
        {
            var server = issue?["server"]?.ToString();
            context.Console.Line($"  {kind} {issue?["code"]}{(server is null ? string.Empty : " [" + server + "]")}: {issue?["message"]}");
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
