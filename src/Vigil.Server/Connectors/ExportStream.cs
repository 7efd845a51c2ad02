using System.Globalization;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// One kind of document an export sends, with its own saved cursor in <c>connector_cursors</c>: decisions after an
/// audit sequence (key <c>export:&lt;name&gt;</c>, as before alerts and risk changes were exported), alerts after an
/// alert id (<c>export:&lt;name&gt;:alerts</c>), risk changes after a row id (<c>export:&lt;name&gt;:risk-changes</c>).
/// A page read but not yet wholly taken by the endpoint stays <see cref="Pending"/>: only its documents still to send
/// are sent again, and the cursor moves past the page once none is left.
/// </summary>
internal sealed class ExportStream(ExportKinds kind, string key, long after)
{
    public ExportKinds Kind { get; } = kind;

    public string Key { get; } = key;

    /// <summary>The last record sent (or set aside), saved.</summary>
    public long After { get; private set; } = after;

    /// <summary>Documents of the page read that the endpoint has not taken yet; null when no page is open.</summary>
    public List<ExportDocument>? Pending { get; set; }

    /// <summary>The last record of the open page: the cursor once it is all sent.</summary>
    public long Through { get; private set; }

    /// <summary>True when the open page was full, so more may wait behind it.</summary>
    public bool Full { get; private set; }

    public static IReadOnlyList<ExportStream> For(ConnectorSettings settings, VigilStore store)
    {
        var streams = new List<ExportStream>();
        foreach (var (kind, key) in (ReadOnlySpan<(ExportKinds, string)>)[(ExportKinds.Decisions, "export:" + settings.Name), (ExportKinds.Alerts, "export:" + settings.Name + ":alerts"), (ExportKinds.RiskChanges, "export:" + settings.Name + ":risk-changes")])
        {
            if (settings.Sends.HasFlag(kind))
            {
                long after = long.TryParse(store.GetConnectorCursor(key), NumberStyles.None, CultureInfo.InvariantCulture, out long saved) ? saved : 0;
                streams.Add(new ExportStream(kind, key, after));
            }
        }

        return streams;
    }

    /// <summary>Reads the page after the cursor into <see cref="Pending"/>; false when there is nothing new.</summary>
    public bool Open(VigilStore store, ConnectorSettings settings)
    {
        var documents = new List<ExportDocument>();
        int count;
        long last;
        switch (Kind)
        {
            case ExportKinds.Decisions:
                var records = store.ReadAuditLog(After, settings.PageSize);
                count = records.Count;
                last = count == 0 ? After : records[^1].Sequence;
                foreach (var record in records)
                {
                    if (SiemDocument.Decision(record, settings.DocumentFormat) is { } document)
                    {
                        documents.Add(document);
                    }
                }

                break;
            case ExportKinds.Alerts:
                var alerts = store.ReadAlertsAfter(After, settings.PageSize);
                count = alerts.Count;
                last = count == 0 ? After : alerts[^1].Id;
                documents.AddRange(alerts.Select(a => SiemDocument.Alert(a, settings.DocumentFormat)));
                break;
            default:
                var changes = store.ReadRiskChanges(After, settings.PageSize);
                count = changes.Count;
                last = count == 0 ? After : changes[^1].Id;
                documents.AddRange(changes.Select(c => SiemDocument.RiskChange(c, settings.DocumentFormat)));
                break;
        }

        if (count == 0)
        {
            return false;
        }

        Pending = documents;
        Through = last;
        Full = count == settings.PageSize;
        return true;
    }

    /// <summary>The open page is sent (or set aside): the cursor moves past it, on disk.</summary>
    public void Commit(VigilStore store)
    {
        After = Through;
        store.SaveConnectorCursor(Key, After.ToString(CultureInfo.InvariantCulture));
        Pending = null;
    }
}
