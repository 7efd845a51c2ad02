namespace Vigil.Cel.Tests.Conformance;

/// <summary>Finds ../shared/cel-spec beside the repository root (the folder holding Vigil.slnx).</summary>
public static class CelSpecLocator
{
    public static string TestsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            throw new InvalidOperationException($"Vigil.slnx not found above {AppContext.BaseDirectory}; run the tests from the repository.");
        }

        string tests = Path.Combine(dir.Parent.FullName, "shared", "cel-spec", "tests");
        if (!Directory.Exists(tests))
        {
            throw new InvalidOperationException($"CEL conformance data not found at {tests}: clone shared/ beside the repository.");
        }

        return tests;
    }
}
