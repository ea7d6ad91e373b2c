using McpOrchestrator.Core.Access;

namespace McpOrchestrator.Core.Tests.Access;

public sealed class ScopesTests
{
    [Theory]
    [InlineData("read", "read", true)]
    [InlineData("read", "write", false)]
    [InlineData("read", "admin", false)]
    [InlineData("read", "tools", false)]
    [InlineData("write", "read", true)]
    [InlineData("write", "write", true)]
    [InlineData("write", "admin", false)]
    [InlineData("write", "tools", false)]
    [InlineData("admin", "read", true)]
    [InlineData("admin", "write", true)]
    [InlineData("admin", "admin", true)]
    [InlineData("admin", "tools", false)]
    [InlineData("tools", "read", false)]
    [InlineData("tools", "write", false)]
    [InlineData("tools", "admin", false)]
    [InlineData("tools", "tools", true)]
    public void Grants_OneScope_FollowsTheImplicationTable(string held, string required, bool expected) =>
        Assert.Equal(expected, Scopes.Grants([held], required));

    [Fact]
    public void Grants_SeveralScopes_AnyOneSuffices()
    {
        Assert.True(Scopes.Grants([Scopes.Read, Scopes.Tools], Scopes.Tools));
        Assert.True(Scopes.Grants([Scopes.Read, Scopes.Tools], Scopes.Read));
        Assert.False(Scopes.Grants([Scopes.Read, Scopes.Tools], Scopes.Write));
        Assert.True(Scopes.Grants(Scopes.All, Scopes.Tools));
    }

    [Theory]
    [InlineData("Admin", "read")]
    [InlineData("root", "admin")]
    [InlineData("", "read")]
    [InlineData("admin", "Admin")]
    [InlineData("admin", "root")]
    [InlineData("admin", "")]
    public void Grants_UnknownOrMiscasedScopes_GrantNothing(string held, string required) =>
        Assert.False(Scopes.Grants([held], required));

    [Fact]
    public void Grants_NothingHeld_GrantsNothing() =>
        Assert.All(Scopes.All, required => Assert.False(Scopes.Grants([], required)));

    [Fact]
    public void AllAndIsKnown_AreTheFourLowercaseScopes()
    {
        Assert.Equal(["read", "write", "admin", "tools"], Scopes.All);
        Assert.All(Scopes.All, scope => Assert.True(Scopes.IsKnown(scope)));
        Assert.False(Scopes.IsKnown("READ"));
        Assert.False(Scopes.IsKnown(" read"));
        Assert.False(Scopes.IsKnown(null));
    }

    [Fact]
    public void GrantedBy_ListsWhatSatisfiesEachScope()
    {
        Assert.Equal(["read", "write", "admin"], Scopes.GrantedBy(Scopes.Read));
        Assert.Equal(["write", "admin"], Scopes.GrantedBy(Scopes.Write));
        Assert.Equal(["admin"], Scopes.GrantedBy(Scopes.Admin));
        Assert.Equal(["tools"], Scopes.GrantedBy(Scopes.Tools));
    }

    [Fact]
    public void Principal_Has_UsesTheImplicationRule()
    {
        var writer = new Principal(Principal.TokenKind, "tok_0000000000000001", "ci", [Scopes.Write]);

        Assert.True(writer.Has(Scopes.Read));
        Assert.False(writer.Has(Scopes.Admin));
        Assert.All(Scopes.All, scope => Assert.True(Principal.ApiKey.Has(scope)));
        Assert.Equal(("apiKey", "api-key", "API key"), (Principal.ApiKey.Kind, Principal.ApiKey.Id, Principal.ApiKey.Name));
    }
}
