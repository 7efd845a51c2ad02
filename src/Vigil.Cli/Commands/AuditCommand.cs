using System.CommandLine;
using System.Globalization;
using Vigil.Storage;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil audit verify --data-dir DIR [--anchor SEQ:HEX ...] [--anchor-file FILE ...]</c> walks the hash chain of the
/// decision audit log, checks the lookup columns against the hashed records and the log against every anchor;
/// <c>vigil audit head --data-dir DIR</c> prints the head to record elsewhere as an anchor (<see cref="AuditAnchor"/>).
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Work with the decision audit log.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Head());
        return command;
    }

    private static Option<string> DataDir() => new("--data-dir") { Description = "The service's data directory (holds vigil.db).", Required = true };

    private static Command Verify()
    {
        var dataDir = DataDir();
        var anchors = new Option<string[]>("--anchor")
        {
            Description = "A head recorded outside the database earlier (SEQ:HEX, from 'vigil audit head', GET /v1/audit/head or the service log); the log must still match it. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var anchorFiles = new Option<string[]>("--anchor-file")
        {
            Description = "A file of anchors, one SEQ:HEX per line (what the service's --audit-anchor-file writes). Repeatable. DATA-DIR.audit-anchors beside the data directory, the service's default, is always read when it exists.",
            AllowMultipleArgumentsPerToken = false,
        };
        var verify = new Command("verify", "Check that no audit record was altered, removed or reordered, and that the log still holds every anchor recorded outside it; names the first bad record. Exit 1 when broken.")
        {
            dataDir, anchors, anchorFiles,
        };
        verify.SetAction(parse => RunVerify(parse.GetValue(dataDir)!, parse.GetValue(anchors) ?? [], parse.GetValue(anchorFiles) ?? []));
        return verify;
    }

    /// <summary>
    /// Verifies against the anchors given and those found in the anchor files. Without any anchor a log whose tail was
    /// cut and whose head was repointed looks intact, so the output says when none was found.
    /// </summary>
    private static int RunVerify(string dir, string[] anchorTexts, string[] anchorFiles)
    {
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"vigil audit verify: --data-dir '{dir}' does not exist.");
            return 2;
        }

        var pinned = new List<AuditAnchor>();
        foreach (string text in anchorTexts)
        {
            if (!AuditAnchor.TryParse(text, out var anchor, out string? error))
            {
                Console.Error.WriteLine($"vigil audit verify: --anchor: {error}.");
                return 2;
            }

            pinned.Add(anchor!);
        }

        var files = new List<string>();
        foreach (string file in anchorFiles)
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"vigil audit verify: --anchor-file '{file}' does not exist.");
                return 2;
            }

            files.Add(Path.GetFullPath(file));
        }

        string defaultFile = AuditAnchorFile.DefaultPath(dir);
        if (File.Exists(defaultFile) && !files.Contains(defaultFile, StringComparer.Ordinal))
        {
            files.Add(defaultFile);
        }

        foreach (string file in files)
        {
            pinned.AddRange(AuditAnchorFile.Read(file, out var problems));
            if (problems.Count > 0)
            {
                // An anchor file is append-only: a line that is not an anchor was written by someone else.
                Console.Error.WriteLine($"vigil audit verify: the anchor file has lines that are not anchors (it was edited): {string.Join("; ", problems)}");
                return 1;
            }
        }

        var result = AuditVerifier.Verify(dir, pinned);
        if (result.Valid)
        {
            string against = pinned.Count == 0
                ? $"; no anchors found (none given and no '{defaultFile}'), so records cut from the end with the head repointed could not be detected"
                : string.Create(CultureInfo.InvariantCulture, $", {pinned.Count} anchor(s) matched");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit log intact: {result.RecordsChecked:N0} records verified{against}."));
            return 0;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"audit log BROKEN at record {result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({result.RecordsChecked:N0} records checked): {result.Problem}"));
        return 1;
    }

    private static Command Head()
    {
        var dataDir = DataDir();
        var head = new Command("head", "Print the audit log's head as SEQ:HEX, to record outside this host (a later 'audit verify --anchor' checks the log against it).") { dataDir };
        head.SetAction(parse =>
        {
            string dir = parse.GetValue(dataDir)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"vigil audit head: --data-dir '{dir}' does not exist.");
                return 2;
            }

            var anchor = AuditVerifier.ReadHead(dir);
            if (anchor is null)
            {
                Console.Error.WriteLine("vigil audit head: the audit log is empty.");
                return 1;
            }

            Console.WriteLine(anchor.ToString());
            return 0;
        });
        return head;
    }
}
