using System.Text.Json;
using GoLive.Core.Checklist.PreDeployment;

namespace GoLive.Core.Tests.Checklist;

public class MetricSourceReaderTests
{
    private static readonly JsonElement Report = JsonDocument.Parse(
        """{"results":{"score":97.5,"scans":[{"tool":"trivy","vulnerabilities":0},{"tool":"zap","verdict":"PASS"}]}}""").RootElement;

    [Theory]
    [InlineData("$.results.score", "97.5")]
    [InlineData("results.score", "97.5")]
    [InlineData("$.results.scans[0].vulnerabilities", "0")]
    [InlineData("$.results.scans[1].verdict", "\"PASS\"")]
    public void Select_PathToAValue_FindsIt(string path, string raw) =>
        Assert.Equal(raw, MetricSourceReader.Select(Report, path)!.Value.GetRawText());

    [Theory]
    [InlineData("$.results.missing")]
    [InlineData("$.results.scans[5].verdict")]
    [InlineData("$.results.score.deeper")]
    [InlineData("$.results.scans[x]")]
    public void Select_PathThatDoesNotLeadAnywhere_IsNull(string path) =>
        Assert.Null(MetricSourceReader.Select(Report, path));

    [Fact]
    public void Catalog_SourceUrlWithoutJsonPath_OrBothSources_NamesTheKey()
    {
        var errors = PreDeploymentCatalog.Validate(
        [
            new() { Name = "a", Category = "performance", Kind = "metric", Validation = "x >= 1", SourceUrl = "https://ci.example/q" },
            new() { Name = "b", Category = "performance", Kind = "metric", Validation = "y >= 1", SourceUrl = "https://ci.example/q", JsonPath = "$.y", Query = "up" },
            new() { Name = "c", Category = "performance", Kind = "metric", Validation = "z >= 1", SourceUrl = "ftp://ci.example/q", JsonPath = "$.z" },
        ]);

        Assert.Equal(
        [
            "ControlRoom:PreDeployment:Checks:0:JsonPath: a SourceUrl needs the path of the value in its JSON, e.g. '$.score'.",
            "ControlRoom:PreDeployment:Checks:1:Query: a metric check has one source, a PromQL Query or a SourceUrl, not both.",
            "ControlRoom:PreDeployment:Checks:2:SourceUrl: 'ftp://ci.example/q' is not an absolute http or https URL.",
        ], errors);
    }
}
