namespace Vigil.Server.Tests;

internal static class TempDir
{
    private static int _counter;

    public static string Create()
    {
        string path = Path.Combine(Path.GetTempPath(), "vigil-server-tests", Environment.ProcessId + "-" + Interlocked.Increment(ref _counter));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, true);
            File.Delete(Vigil.Storage.AuditAnchorFile.DefaultPath(path)); // the service's anchor file, beside the data directory
        }
        catch (IOException)
        {
        }
    }
}
