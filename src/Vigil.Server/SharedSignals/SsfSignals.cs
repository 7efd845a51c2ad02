using Microsoft.Extensions.Logging;
using Vigil.Core.Feedback;
using Vigil.Server.Hosting;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// What Vigil transmits (issue 16, item 2), from what the service learns. A confirmed compromise gives CAEP
/// <c>session-revoked</c> and RISC <c>credential-compromise</c> under one <c>txn</c> (SSF 1.0 section 4.1.7: SETs of
/// one cause share it). Never throws into the caller: the feedback is already applied, and a signal that cannot be
/// queued is logged, not turned into a failed request.
/// </summary>
internal sealed class SsfSignals(SsfTransmitter transmitter, SsfEngineWatcher watcher, ILogger<SsfSignals> logger)
{
    /// <summary>Called once the engine has applied <paramref name="command"/> (live feedback only, never replay).</summary>
    public void FeedbackApplied(FeedbackCommand command, FeedbackResult result)
    {
        // Sent whether or not the engine knew the identity (result.Applied): the analyst's finding is about the account, which receivers may know.
        if (command.Kind != FeedbackKind.ConfirmCompromised)
        {
            return;
        }

        try
        {
            var subject = SubjectId.ForIdentity(command.IdentityId, command.Tenant);
            string txn = SecurityEventToken.NewId();
            long at = command.TimeMs / 1000;
            const string adminReason = "An analyst confirmed this account compromised in Vigil; its sessions were revoked.";
            transmitter.Emit(SsfEventTypes.SessionRevoked, subject, command.Tenant, txn, w =>
            {
                w.WriteString("initiating_entity", "admin");
                w.WriteStartObject("reason_admin");
                w.WriteString("en", adminReason);
                w.WriteEndObject();
                w.WriteStartObject("reason_user");
                w.WriteString("en", "Your sessions were ended because your account may be in someone else's hands. Sign in again.");
                w.WriteEndObject();
                w.WriteNumber("event_timestamp", at);
            });
            transmitter.Emit(SsfEventTypes.CredentialCompromise, subject, command.Tenant, txn, w =>
            {
                w.WriteString("credential_type", "password");
                w.WriteNumber("event_timestamp", at);
                w.WriteStartObject("reason_admin");
                w.WriteString("en", adminReason);
                w.WriteEndObject();
            });

            // Each recent session decided again, now that the engine holds the compromise: session-revoked names the
            // sessions a receiver may not know belong to the user, under the same txn.
            watcher.Reevaluate(command.Tenant, command.IdentityId, "an analyst confirmed the account compromised", txn);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.SessionRevoked, ex);
        }
    }
}
