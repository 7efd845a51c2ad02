using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Operations;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Policies;

/// <summary>
/// Reading a submitted document and making a new version current: validate and compile the rules and data pair, store
/// it, swap the compiled policy in. Callers hold <see cref="PolicyHolder.EnterChange"/> from reading the current
/// version until this returns.
/// </summary>
internal static class PolicyChange
{
    /// <summary>Largest rules or data document accepted, bytes: far above any hand-written policy, small enough to compile in one request.</summary>
    public const int MaxDocumentBytes = 4 << 20;

    /// <summary>Validates and compiles; on success stores the pair as the next version and puts it in force. 422 with every problem otherwise; nothing is stored and the policy in force stays.</summary>
    public static JsonResult Apply(string document, string? data, string? comment, string invalidTitle, bool answerData,
        HttpContext context, VigilStore store, PolicyHolder holder, ILogger logger)
    {
        var policy = holder.Prepare(document, data, out var errors);
        if (policy is null)
        {
            return PolicyJson.Invalid(invalidTitle, errors);
        }

        var saved = store.SavePolicyVersion(document, data, Scopes.CallerName(context.User), comment);
        holder.Activate(saved, policy);
        Log.PolicyActivated(logger, saved.Version);
        return PolicyJson.Version(saved, saved.Version, document: !answerData, data: answerData);
    }

    /// <summary>The body as UTF-8 text, or a problem (400 not UTF-8, 413 larger than <see cref="MaxDocumentBytes"/>).</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadTextAsync(HttpContext context)
    {
        var (bytes, problem) = await HttpJson.ReadBytesAsync(context, MaxDocumentBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            return (new UTF8Encoding(false, true).GetString(bytes!), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, HttpJson.BadRequest("The document is not UTF-8 text."));
        }
    }
}
