namespace Vigil.Cli.Tests;

/// <summary><c>vigil policy check</c>: errors fail the check; actions that differ only by case are a warning.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PolicyCheckTests
{
    [Fact]
    public void Check_ActionsDifferingOnlyByCase_WarnsAndStaysValid()
    {
        string dir = Directory.CreateTempSubdirectory("vigil-policy-check-").FullName;
        try
        {
            string file = Path.Combine(dir, "p.yaml");
            File.WriteAllText(file, """
                version: v1
                segments:
                  - name: api
                    match: {}
                    rules:
                      - name: readers
                        actions: [get]
                      - name: admins
                        actions: [GET, DELETE]
                """);

            var (exit, output, error) = Cli.Invoke("policy", "check", file);

            Assert.Equal(0, exit);
            Assert.Contains("valid with 1 warning(s)", output, StringComparison.Ordinal);
            Assert.Contains(file + ":8:9: warning", error, StringComparison.Ordinal);
            Assert.Contains("warning: action 'GET' of rule 'admins' in segment 'api' differs only by case from 'get' of rule 'readers' in segment 'api'", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Check_ActionsSpelledConsistently_NoWarning()
    {
        string dir = Directory.CreateTempSubdirectory("vigil-policy-check-").FullName;
        try
        {
            string file = Path.Combine(dir, "p.yaml");
            File.WriteAllText(file, """
                version: v1
                segments:
                  - name: api
                    match: {}
                    rules:
                      - name: readers
                        actions: [GET]
                      - name: admins
                        actions: [GET, DELETE]
                """);

            var (exit, output, error) = Cli.Invoke("policy", "check", file);

            Assert.Equal(0, exit);
            Assert.DoesNotContain("warning", error, StringComparison.Ordinal);
            Assert.Contains(": valid. Version v1", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
