using System.Text;
using System.Text.Json;
using Vigil.Server.Connectors;
using Vigil.Storage;

namespace Vigil.Server.Tests.Connectors;

/// <summary>OCSF documents (issue 15, part 3): each class Vigil exports has the attributes OCSF 1.x requires of it.</summary>
public sealed class OcsfDocumentTests
{
    private const long TimeMs = 1_772_438_400_000; // 2026-03-02T08:00:00Z

    [Theory]
    [InlineData("deny", null, 2, 2)]
    [InlineData("step_up", null, 2, 2)]
    [InlineData("permit", "deny", 1, 1)]
    public void Decision_AsAuthorizeSession_HasTheRequiredFieldsAndItsOutcome(string outcome, string? wouldBe, int statusId, int actionId)
    {
        string wouldBeJson = wouldBe is null ? "" : $",\"would_be\":\"{wouldBe}\"";
        string record = $$"""{"decision_id":"d-1","time_ms":{{TimeMs}},"outcome":"{{outcome}}"{{wouldBeJson}},"subject_id":"alice","score":71,"level":"high","reasons":["VG1001","VG1203"],"tenant":"acme","action":"read","resource_type":"doc","resource_id":"42","mode":"enforce"}""";
        var document = SiemDocument.Decision(new AuditRecord(7, "d-1", "alice", TimeMs, Encoding.UTF8.GetBytes(record), [], []), ExportFormat.Ocsf)!.Value;

        var ocsf = JsonDocument.Parse(document.Json).RootElement;
        Assert.Empty(OcsfRequired.Check(ocsf));
        Assert.Equal((3003, 3, 1, 300301L), (ocsf.GetProperty("class_uid").GetInt32(), ocsf.GetProperty("category_uid").GetInt32(), ocsf.GetProperty("activity_id").GetInt32(), ocsf.GetProperty("type_uid").GetInt64()));
        Assert.Equal((4, TimeMs, "d-1", "acme"), (ocsf.GetProperty("severity_id").GetInt32(), ocsf.GetProperty("time").GetInt64(), ocsf.GetProperty("metadata").GetProperty("uid").GetString(), ocsf.GetProperty("metadata").GetProperty("tenant_uid").GetString()));
        Assert.Equal((statusId, actionId), (ocsf.GetProperty("status_id").GetInt32(), ocsf.GetProperty("action_id").GetInt32()));
        Assert.Equal("alice", ocsf.GetProperty("user").GetProperty("uid").GetString());
        Assert.Equal("read doc/42", Assert.Single(ocsf.GetProperty("privileges").EnumerateArray()).GetString());
        Assert.Equal(["VG1001", "VG1203"], ocsf.GetProperty("unmapped").GetProperty("reason_codes").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Vigil", ocsf.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString());
    }

    [Fact]
    public void Decision_PlainPermit_IsNotExported()
    {
        string record = $$"""{"decision_id":"d-2","time_ms":{{TimeMs}},"outcome":"permit","subject_id":"alice"}""";
        Assert.Null(SiemDocument.Decision(new AuditRecord(8, "d-2", "alice", TimeMs, Encoding.UTF8.GetBytes(record), [], []), ExportFormat.Ocsf));
    }

    [Fact]
    public void Alert_AsDetectionFinding_HasTheRequiredFieldsItsRiskAndReasonCodes()
    {
        var alert = new AlertRecord(12, "default", "alice", "take-1", null, "ingest", TimeMs, 83, "critical", """["VG1001","VG1101"]""", 3, "open", null, null, []);
        var document = SiemDocument.Alert(alert, ExportFormat.Ocsf);

        var ocsf = JsonDocument.Parse(document.Json).RootElement;
        Assert.Empty(OcsfRequired.Check(ocsf));
        Assert.Equal("vigil-alert-12", document.Id);
        Assert.Equal((2004, 2, 1, 200401L, 5), (ocsf.GetProperty("class_uid").GetInt32(), ocsf.GetProperty("category_uid").GetInt32(), ocsf.GetProperty("activity_id").GetInt32(), ocsf.GetProperty("type_uid").GetInt64(), ocsf.GetProperty("severity_id").GetInt32()));
        Assert.Equal(("vigil-alert-12", 83, 4), (ocsf.GetProperty("finding_info").GetProperty("uid").GetString(), ocsf.GetProperty("risk_score").GetInt32(), ocsf.GetProperty("risk_level_id").GetInt32()));
        Assert.Equal(["VG1001", "VG1101"], ocsf.GetProperty("finding_info").GetProperty("types").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["VG1001", "VG1101"], ocsf.GetProperty("unmapped").GetProperty("reason_codes").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("alice", ocsf.GetProperty("evidences")[0].GetProperty("user").GetProperty("uid").GetString());
    }

    [Theory]
    [InlineData("LOW", "MEDIUM", 1, "Create", 3)]
    [InlineData("MEDIUM", "HIGH", 2, "Update", 4)]
    [InlineData("HIGH", "LOW", 3, "Close", 1)]
    public void RiskChange_AsDetectionFindingOfTheIdentity_CreatedUpdatedAndClosed(string previous, string current, int activity, string name, int severity)
    {
        var document = SiemDocument.RiskChange(new RiskChangeRecord(5, "", "alice", previous, current, "VG1001", TimeMs), ExportFormat.Ocsf);

        var ocsf = JsonDocument.Parse(document.Json).RootElement;
        Assert.Empty(OcsfRequired.Check(ocsf));
        Assert.Equal("vigil-risk-5", ocsf.GetProperty("metadata").GetProperty("uid").GetString());
        Assert.Equal((2004, activity, name, severity), (ocsf.GetProperty("class_uid").GetInt32(), ocsf.GetProperty("activity_id").GetInt32(), ocsf.GetProperty("activity_name").GetString(), ocsf.GetProperty("severity_id").GetInt32()));
        Assert.Equal("vigil-identity-risk::alice", ocsf.GetProperty("finding_info").GetProperty("uid").GetString()); // one finding per identity, across its changes
        Assert.Equal("VG1001", Assert.Single(ocsf.GetProperty("unmapped").GetProperty("reason_codes").EnumerateArray()).GetString());
    }

    [Fact]
    public void Check_DocumentWithoutMetadataOrUser_NamesWhatIsMissing()
    {
        var bare = JsonDocument.Parse("""{"class_uid":3003,"category_uid":3,"activity_id":1,"type_uid":300301,"severity_id":1,"time":1772438400000}""").RootElement;
        Assert.Equal(["missing metadata", "missing metadata.version", "missing metadata.product", "missing metadata.product.name", "missing metadata.product.vendor_name", "missing user", "Authorize Session needs at least one of privileges, groups, iam_roles"], OcsfRequired.Check(bare));
    }
}
