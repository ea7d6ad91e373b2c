using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Formats;

namespace McpOrchestrator.Core.Tests.Formats;

public sealed class VariableTranslatorTests
{
    [Theory]
    [InlineData(VariableSyntax.DollarBrace, "${env:A}", "${A}")]
    [InlineData(VariableSyntax.DollarBrace, "Bearer ${env:TOKEN} and ${env:B_2}", "Bearer ${TOKEN} and ${B_2}")]
    [InlineData(VariableSyntax.DollarBrace, "${secret:S} ${env:not-valid}", "${secret:S} ${env:not-valid}")]
    [InlineData(VariableSyntax.DollarBraceOrBare, "${env:A}", "${A}")]
    [InlineData(VariableSyntax.BraceEnvColon, "x${env:A}y", "x{env:A}y")]
    [InlineData(VariableSyntax.EnvColon, "${env:A}", "${env:A}")]
    [InlineData(VariableSyntax.None, "${env:A}", "${env:A}")]
    public void ToClient_WritesTheClientsSyntax(VariableSyntax syntax, string value, string expected) =>
        Assert.Equal(expected, VariableTranslator.ToClient(value, syntax));

    [Theory]
    [InlineData(VariableSyntax.DollarBrace, "${A}", "${env:A}")]
    [InlineData(VariableSyntax.DollarBrace, "${A:-default}", "${A:-default}")]
    [InlineData(VariableSyntax.DollarBrace, "$A", "$A")]
    [InlineData(VariableSyntax.DollarBrace, "${env:A}", "${env:A}")]
    [InlineData(VariableSyntax.DollarBraceOrBare, "$A and ${B} and $ and $1", "${env:A} and ${env:B} and $ and $1")]
    [InlineData(VariableSyntax.DollarBraceOrBare, "${env:A}", "${env:A}")]
    [InlineData(VariableSyntax.BraceEnvColon, "{env:A} {file:x}", "${env:A} {file:x}")]
    [InlineData(VariableSyntax.EnvColon, "${A}", "${A}")]
    [InlineData(VariableSyntax.None, "$A ${A} {env:A}", "$A ${A} {env:A}")]
    public void FromClient_ReadsTheClientsSyntax(VariableSyntax syntax, string value, string expected) =>
        Assert.Equal(expected, VariableTranslator.FromClient(value, syntax));

    [Theory]
    [InlineData("claude-code", "${HOME}", false)]
    [InlineData("claude-code", "$HOME", true)]
    [InlineData("claude-code", "${env:HOME}/x ${secret:K}", true)]
    [InlineData("gemini-cli", "$HOME", false)]
    [InlineData("gemini-cli", "price: 5$", true)]
    [InlineData("opencode", "{env:HOME}", false)]
    [InlineData("opencode", "$${env:HOME}", true)]
    [InlineData("cursor", "${HOME}", true)]
    [InlineData("claude-desktop", "${HOME} $HOME {env:HOME}", true)]
    public void CanCarryValue_IsFalseExactlyWhenTheClientWouldReadALiteralAsItsOwnReference(string clientId, string value, bool carried) =>
        Assert.Equal(carried, NativeConfigFormats.CanCarryValue(value, new ClientCatalog().Get(clientId)));
}
