using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Server.Connectors;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil connect okta|entra --since TIME (--output FILE | --ingest URL)</c>: a one-off backfill from a vendor's
/// log API with the service's connector code (docs/connectors.md, "Pull connectors"). The options are the keys of a
/// <c>--connectors</c> entry, checked by the same code; secrets come from an environment variable or a file.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create()
    {
        var command = new Command("connect", "Backfill from an identity provider's log API into an NDJSON file or a running service (docs/connectors.md).");
        command.Subcommands.Add(Vendor("okta", "Okta System Log API (GET /api/v1/logs).", okta: true));
        command.Subcommands.Add(Vendor("entra", "Microsoft Graph sign-in logs (GET /auditLogs/signIns).", okta: false));
        return command;
    }

    private static Command Vendor(string name, string description, bool okta)
    {
        var url = new Option<string?>("--url") { Description = okta ? "The Okta org URL, e.g. https://example.okta.com." : "The Graph base URL. Default https://graph.microsoft.com/v1.0 (/beta for --event-types)." };
        var since = new Option<string>("--since") { Description = "Where to start, ISO 8601, e.g. 2024-01-01T00:00:00Z.", Required = true };
        var pageSize = new Option<int?>("--page-size") { Description = "Records per request, 1..1000 (default 1000)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the records as NDJSON (the vendor's JSON, one record a line) to this file." };
        var ingest = new Option<string?>("--ingest") { Description = "Post each page to this Vigil service (its /v1/events?format=...), e.g. http://127.0.0.1:8080." };
        var apiKeyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the service's API key (ingest scope) for --ingest.", DefaultValueFactory = _ => "VIGIL_API_KEY" };
        var secretEnv = new Option<string?>(okta ? "--token-env" : "--client-secret-env") { Description = okta ? "Environment variable holding the API token." : "Environment variable holding the client secret." };
        var secretFile = new Option<string?>(okta ? "--token-file" : "--client-secret-file") { Description = okta ? "File holding the API token." : "File holding the client secret." };
        var auth = new Option<string?>("--auth") { Description = "ssws (an API token, the default) or bearer (an OAuth 2.0 access token)." };
        var tokenEndpoint = new Option<string?>("--token-endpoint") { Description = "OAuth 2.0 token endpoint, e.g. https://login.microsoftonline.com/TENANT/oauth2/v2.0/token." };
        var clientId = new Option<string?>("--client-id") { Description = "The application (client) id." };
        var eventTypes = new Option<string?>("--event-types") { Description = "Comma-separated signInEventTypes (interactiveUser, nonInteractiveUser, servicePrincipal, managedIdentity); needs the /beta Graph URL." };
        var command = new Command(name, description) { url, since, pageSize, output, ingest, apiKeyEnv, secretEnv, secretFile };
        if (okta)
        {
            command.Options.Add(auth);
        }
        else
        {
            command.Options.Add(tokenEndpoint);
            command.Options.Add(clientId);
            command.Options.Add(eventTypes);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string secret = okta ? "token" : "clientSecret";
            var entry = new JsonObject
            {
                ["name"] = "backfill",
                ["type"] = name,
                ["since"] = parse.GetValue(since),
                ["url"] = parse.GetValue(url),
                [secret + "Env"] = parse.GetValue(secretEnv),
                [secret + "File"] = parse.GetValue(secretFile),
            };
            if (parse.GetValue(pageSize) is int size)
            {
                entry["pageSize"] = size;
            }

            if (okta)
            {
                entry["auth"] = parse.GetValue(auth);
            }
            else
            {
                entry["tokenEndpoint"] = parse.GetValue(tokenEndpoint);
                entry["clientId"] = parse.GetValue(clientId);
                entry["lookbackMinutes"] = 0;
                if (parse.GetValue(eventTypes) is { } types)
                {
                    entry["signInEventTypes"] = new JsonArray([.. types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => JsonValue.Create(t))]);
                }
            }

            var errors = new List<string>();
            string? outputPath = parse.GetValue(output);
            string? ingestText = parse.GetValue(ingest);
            if ((outputPath is null) == (ingestText is null))
            {
                errors.Add("give exactly one of --output FILE or --ingest URL.");
            }

            Uri? ingestUrl = null;
            if (ingestText is not null && (!Uri.TryCreate(ingestText, UriKind.Absolute, out ingestUrl) || ingestUrl.Scheme is not ("http" or "https")))
            {
                errors.Add($"--ingest '{ingestText}' is not an http:// or https:// URL, e.g. http://127.0.0.1:8080.");
            }

            string? apiKey = ingestText is null ? null : Environment.GetEnvironmentVariable(parse.GetValue(apiKeyEnv)!);
            using var document = JsonDocument.Parse(entry.ToJsonString());
            var settings = ConnectorBackfill.ReadSettings(document.RootElement, Environment.GetEnvironmentVariable, errors);
            if (settings is null || errors.Count > 0)
            {
                foreach (string error in errors)
                {
                    // The settings' own names (connectors[0].tokenEnv) map one to one onto the options (--token-env).
                    Console.Error.WriteLine($"vigil connect {name}: " + error.Replace("connectors[0].", "", StringComparison.Ordinal).Replace("connectors[0]: ", "", StringComparison.Ordinal));
                }

                return 2;
            }

            await using var file = outputPath is null ? null : new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
            int code = await ConnectorBackfill.RunAsync(settings, file, ingestUrl, apiKey, Console.Error, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            return code;
        });
        return command;
    }
}
