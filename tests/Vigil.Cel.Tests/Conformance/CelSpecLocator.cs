namespace Vigil.Cel.Tests.Conformance;

/// <summary>
/// Finds the cel-spec conformance data kept in the repository (tests/Vigil.Cel.Tests/Conformance/Data), so the suite
/// runs on a fresh clone: it is read from the source tree rather than copied next to the test assembly.
/// </summary>
public static class CelSpecLocator
{
    public static string TestsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException($"Vigil.slnx not found above {AppContext.BaseDirectory}; run the tests from the repository.");
        }

        string tests = Path.Combine(dir.FullName, "tests", "Vigil.Cel.Tests", "Conformance", "Data");
        if (!Directory.Exists(tests))
        {
            throw new InvalidOperationException($"CEL conformance data not found at {tests}.");
        }

        return tests;
    }
}
