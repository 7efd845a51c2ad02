namespace Vigil.Server.Connectors;

/// <summary>
/// An NDJSON file rotated by size, as logrotate's numbered scheme names them: when a batch would take
/// <c>path</c> past the bound, <c>path</c> becomes <c>path.1</c>, <c>path.1</c> becomes <c>path.2</c> ... and the
/// oldest beyond <c>maxFiles</c> is deleted, so the disk used is bounded by about maxFiles × maxFileBytes (a single
/// batch larger than the bound is written whole to a fresh file). Each batch is flushed to disk before the export's
/// cursor moves on (at least once: a crash in between writes the batch again).
/// </summary>
internal static class RotatingFile
{
    public static void Append(string path, ReadOnlySpan<byte> batch, long maxFileBytes, int maxFiles)
    {
        var current = new FileInfo(path);
        if (current.Exists && current.Length > 0 && current.Length + batch.Length > maxFileBytes)
        {
            Rotate(path, maxFiles);
        }

        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(batch);
        stream.Flush(flushToDisk: true);
    }

    private static void Rotate(string path, int maxFiles)
    {
        if (maxFiles == 1)
        {
            File.Delete(path);
            return;
        }

        File.Delete(Numbered(path, maxFiles - 1));
        for (int i = maxFiles - 2; i >= 1; i--)
        {
            if (File.Exists(Numbered(path, i)))
            {
                File.Move(Numbered(path, i), Numbered(path, i + 1));
            }
        }

        File.Move(path, Numbered(path, 1));
    }

    private static string Numbered(string path, int n) => path + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
