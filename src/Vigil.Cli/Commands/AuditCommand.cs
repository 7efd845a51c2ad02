using System.CommandLine;
using System.Globalization;
using Vigil.Storage;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil audit verify --data-dir DIR</c>: walks the hash chain of the decision audit log.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The service's data directory (holds vigil.db).", Required = true };
        var verify = new Command("verify", "Check that no audit record was altered, removed or reordered; names the first bad record. Exit 1 when broken.") { dataDir };
        verify.SetAction(parse =>
        {
            string dir = parse.GetValue(dataDir)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"vigil audit verify: --data-dir '{dir}' does not exist.");
                return 2;
            }

            var result = AuditVerifier.Verify(dir);
            if (result.Valid)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit log intact: {result.RecordsChecked:N0} records verified."));
                return 0;
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit log BROKEN at record {result.FirstBadSequence?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({result.RecordsChecked:N0} records checked): {result.Problem}"));
            return 1;
        });
        var command = new Command("audit", "Work with the decision audit log.");
        command.Subcommands.Add(verify);
        return command;
    }
}
