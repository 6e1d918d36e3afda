using GoLive.Core.Checklist.PreDeployment;

namespace GoLive.Core.Tests.Checklist;

public class CheckExpressionParserTests
{
    private const string Key = "ControlRoom:PreDeployment:Checks:3:Validation";

    [Theory]
    [InlineData("performance_score >= 95", "performance_score", CheckOperator.GreaterThanOrEqual, 95.0, null)]
    [InlineData("  security_vulnerabilities==0 ", "security_vulnerabilities", CheckOperator.Equal, 0.0, null)]
    [InlineData("error_rate < 0.5", "error_rate", CheckOperator.LessThan, 0.5, null)]
    [InlineData("delta > -3", "delta", CheckOperator.GreaterThan, -3.0, null)]
    [InlineData("latency_ms <= 250", "latency_ms", CheckOperator.LessThanOrEqual, 250.0, null)]
    [InlineData("stress_test_result == 'PASS'", "stress_test_result", CheckOperator.Equal, null, "PASS")]
    [InlineData("pci_compliance != \"NON COMPLIANT\"", "pci_compliance", CheckOperator.NotEqual, null, "NON COMPLIANT")]
    public void Parse_SeedForms_ReadsNameOperatorAndValue(string text, string metric, CheckOperator op, double? number, string? textValue)
    {
        var e = CheckExpressionParser.Parse(text, Key);

        Assert.Equal((metric, op, number, textValue), (e.Metric, e.Operator, e.Expected.Number, e.Expected.Text));
    }

    [Theory]
    [InlineData(null, "a validation is required")]
    [InlineData("  ", "a validation is required")]
    [InlineData("performance_score >=", "is not 'name op value'")]
    [InlineData("performance_score => 95", "is not 'name op value'")]
    [InlineData("performance_score >= PASS", "is not 'name op value'")]
    [InlineData("95 <= performance_score", "is not 'name op value'")]
    [InlineData("result == 'PASS", "is not 'name op value'")]
    [InlineData("result >= 'PASS'", "texts allow only == and !=")]
    public void Parse_Malformed_ThrowsNamingTheConfigurationKey(string? text, string message)
    {
        var error = Assert.Throws<CheckExpressionFormatException>(() => CheckExpressionParser.Parse(text, Key));

        Assert.StartsWith(Key + ":", error.Message);
        Assert.Contains(message, error.Message);
        Assert.Equal(Key, error.ConfigurationKey);
    }

    [Theory]
    [InlineData("performance_score >= 95", 97.0, null, true)]
    [InlineData("performance_score >= 95", 95.0, null, true)]
    [InlineData("performance_score >= 95", 94.9, null, false)]
    [InlineData("performance_score >= 95", null, "97", true)]
    [InlineData("performance_score >= 95", null, "high", false)]
    [InlineData("security_vulnerabilities == 0", 0.0, null, true)]
    [InlineData("security_vulnerabilities != 0", 2.0, null, true)]
    [InlineData("stress_test_result == 'PASS'", null, "PASS", true)]
    [InlineData("stress_test_result == 'PASS'", null, "pass", false)]
    [InlineData("stress_test_result == 'PASS'", 1.0, null, false)]
    [InlineData("stress_test_result != 'FAIL'", null, "PASS", true)]
    public void IsSatisfiedBy_Values_ComparesNumbersAndExactTexts(string text, double? number, string? value, bool expected)
    {
        var e = CheckExpressionParser.Parse(text, Key);

        Assert.Equal(expected, e.IsSatisfiedBy(new MetricValue(number, value)));
    }
}
