using McpOrchestrator.Core.Drafts;

namespace McpOrchestrator.Core.Tests.Drafts;

/// <summary>The one parser of <c>${env:…}</c> / <c>${secret:…}</c> references, as drafts check them and the
/// connector replaces them.</summary>
public sealed class ReferencesTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${env:HOME}", "[env HOME]")]
    [InlineData("Bearer ${secret:TOKEN}!", "Bearer [secret TOKEN]!")]
    [InlineData("${env:A}${secret:B_2}", "[env A][secret B_2]")]
    [InlineData("${env:1BAD} ${other:X} ${env:OK}", "${env:1BAD} ${other:X} [env OK]")]
    public void Replace_EveryWellFormedReference_IsReplacedAndTheRestKept(string value, string expected) =>
        Assert.Equal(expected, References.Replace(value, (kind, name, _) => $"[{kind} {name}]"));

    [Fact]
    public void Replace_GivesTheReferenceAsWritten() =>
        Assert.Equal("<${secret:T}>", References.Replace("${secret:T}", (_, _, written) => $"<{written}>"));

    [Theory]
    [InlineData("${env:1BAD}")]
    [InlineData("${other:X}")]
    [InlineData("x ${env:OK} ${")]
    public void FindSyntaxError_WhatReplaceLeavesAlone_IsASyntaxError(string value) =>
        Assert.NotNull(References.FindSyntaxError(value));
}
