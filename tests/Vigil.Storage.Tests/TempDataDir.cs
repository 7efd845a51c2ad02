namespace Vigil.Storage.Tests;

/// <summary>A fresh data directory under the temp folder, deleted afterwards.</summary>
public sealed class TempDataDir : IDisposable
{
    private static int _counter;

    public TempDataDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-storage-tests",
            Environment.ProcessId + "-" + Interlocked.Increment(ref _counter));
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, true);
        }

        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
