using System.Diagnostics;
using System.Text.Json;
using Marketplace.Api.Tests.Support;
using Shouldly;

namespace Marketplace.Api.Tests.Http;

public class graphql_over_http_audit
{
    [Fact]
    public async Task the_graphql_http_audit_reports_no_must_or_should_failures()
    {
        var auditDirectory = Path.Combine(ApiProcess.RepositoryRoot, "tests", "audit");
        Directory.Exists(Path.Combine(auditDirectory, "node_modules", "graphql-http"))
            .ShouldBeTrue("the audit's npm packages are missing: run `npm ci` in tests/audit (./test does)");
        await using var api = await ApiProcess.Start();

        var info = new ProcessStartInfo("node") { WorkingDirectory = auditDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("audit.mjs");
        info.ArgumentList.Add($"{api.Url}/graphql");
        using var node = Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        var report = JsonDocument.Parse(output).RootElement;
        report.GetProperty("total").GetInt32().ShouldBe(61, error);
        report.GetProperty("mustFailures").GetArrayLength().ShouldBe(0, output);
        report.GetProperty("shouldFailures").GetArrayLength().ShouldBe(0, output);
        TestContext.Current.SendDiagnosticMessage($"graphql-http audit: {report.GetProperty("ok").GetInt32()} of 61 ok, " +
            $"{report.GetProperty("mayFailures").GetArrayLength()} MAY not met");
        node.ExitCode.ShouldBe(0);
    }
}
