namespace Vigil.Server.Hosting;

/// <summary>Entries <c>Start .. Start + Count - 1</c> of one request, committed in one journal transaction.</summary>
internal readonly record struct JournalSlice(PendingAppend Pending, int Start, int Count);
