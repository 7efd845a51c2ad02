using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vigil.Storage;

/// <summary>
/// An append-only file of audit anchors (<see cref="AuditAnchor"/>), one line each: <c>SEQ:HEX TIME</c>. The service
/// appends the head to it periodically and at shutdown; <c>vigil audit verify</c> checks the log against every line.
/// Its default place is beside the data directory, not in it (<see cref="DefaultPath"/>): whoever restores, copies or
/// deletes the data directory leaves the anchors behind, and the file can be given to another owner or made
/// append-only (<c>chattr +a</c>) without touching the database's permissions.
/// </summary>
public static class AuditAnchorFile
{
    /// <summary>The file name's suffix after the data directory's name.</summary>
    public const string Suffix = ".audit-anchors";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The default anchor file of <paramref name="dataDirectory"/>: <c>DIR.audit-anchors</c> beside it.</summary>
    public static string DefaultPath(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)) + Suffix;
    }

    /// <summary>Appends <paramref name="anchor"/> taken at <paramref name="time"/> and flushes it to disk.</summary>
    public static void Append(string path, AuditAnchor anchor, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        byte[] line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{anchor} {time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\n"));
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (stream.Length > 0 && LastByte(path) != (byte)'\n')
        {
            stream.WriteByte((byte)'\n'); // the last write was cut short by a crash: it keeps its own line
        }

        stream.Write(line);
        stream.Flush(flushToDisk: true);
    }

    private static int LastByte(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte();
    }

    /// <summary>
    /// Reads every anchor in <paramref name="path"/>. A line that is not an anchor is a problem (named by its line
    /// number), except the start of one (<c>SEQ:</c> and fewer than 64 hex digits), which is a write cut short by a
    /// crash and is skipped.
    /// </summary>
    public static IReadOnlyList<AuditAnchor> Read(string path, out IReadOnlyList<string> problems)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        var anchors = new List<AuditAnchor>();
        var found = new List<string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (AuditAnchor.TryParse(space < 0 ? line : line[..space], out var anchor, out string? error))
            {
                anchors.Add(anchor!);
            }
            else if (!IsTorn(line))
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"{path} line {i + 1}: {error}"));
            }
        }

        problems = found;
        return anchors;
    }

    private static bool IsTorn(string line)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !line.AsSpan(0, colon).ContainsAnyExceptInRange('0', '9') && line.Length - colon - 1 < AuditChain.HashLength * 2
            && !line.AsSpan(colon + 1).ContainsAnyExcept(HexDigits);
    }
}
