namespace Vigil.Server.Tests.Hostile;

/// <summary>
/// Issue 11, "What must be shown": hostile ingestion (NDJSON), feedback and API-key bodies against the real service.
/// Properties: no 5xx; a 4xx is ProblemDetails naming the field; a good ingestion line beside bad ones is kept and
/// every per-line error names the field; the service still answers /healthz afterwards.
/// </summary>
public sealed class OtherRoutesHostileTests(HostileService hostile) : IClassFixture<HostileService>
{
    private const string UntilDefect5Routes = "until merge of issue 11 defect 5 (lone surrogates and duplicate keys answer 500 on the feedback and key routes)";
    private const string UntilDefect5 = "until merge of issue 11 defect 5 (a lone surrogate, invalid UTF-8 or duplicate key fails the whole batch)";

    [Fact]
    public async Task Ingestion_HostileLines_KeepTheGoodLineAndNameTheField() =>
        await IngestAll(HostileGen.Ingestion(encoding: false), 50);

    [Fact(Skip = UntilDefect5)]
    public async Task Ingestion_EncodingLines_KeepTheGoodLineAndNameTheField() =>
        await IngestAll(HostileGen.Ingestion(encoding: true), 30);

    [Fact]
    public async Task Feedback_HostileBodies_Are4xxNamingTheFieldNever5xx() => await SendAll("/v1/feedback", HostileGen.Feedback(encoding: false), 60);

    [Fact(Skip = UntilDefect5Routes)]
    public async Task Feedback_EncodingMutations_Are4xxNamingTheField() => await SendAll("/v1/feedback", HostileGen.Feedback(encoding: true), 30);

    [Fact]
    public async Task ApiKeys_HostileBodies_Are4xxNamingTheFieldNever5xx() => await SendAll("/v1/admin/api-keys", HostileGen.ApiKey(encoding: false), 50);

    [Fact(Skip = UntilDefect5Routes)]
    public async Task ApiKeys_EncodingMutations_Are4xxNamingTheField() => await SendAll("/v1/admin/api-keys", HostileGen.ApiKey(encoding: true), 20);

    private async Task SendAll(string path, CsCheck.Gen<HostileCase> gen, int count)
    {
        await HostileRun.ForEachAsync(gen, count, async c =>
            HostileProperties.NoServerErrorAndProblemsNameAField(await hostile.SendAsync(path, c.Body)));
        await hostile.AssertAliveAsync();
    }

    private async Task IngestAll(CsCheck.Gen<(HostileCase Case, string GoodId)> gen, int count)
    {
        await HostileRun.ForEachAsync(gen, count, async c =>
        {
            var answer = await hostile.SendAsync("/v1/events", c.Case.Body, "application/x-ndjson");
            HostileProperties.NoServerErrorAndProblemsNameAField(answer);
            Assert.True(answer.Status == 202, $"a batch with a good line must be accepted (202), was {answer.Status}: {answer.Text}");
            var json = answer.Json!.Value;
            Assert.True(json.GetProperty("accepted").GetInt32() + json.GetProperty("duplicates").GetInt32() >= 1, $"the good line was lost: {answer.Text}");
            foreach (var error in json.GetProperty("errors").EnumerateArray())
            {
                HostileProperties.NamesAField(error.GetProperty("error").GetString()!);
            }
        }, c => c.Case.ToString());
        await hostile.AssertAliveAsync();
    }
}
