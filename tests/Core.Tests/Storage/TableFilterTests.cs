using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Tests.Storage;

public sealed class TableFilterTests
{
    [Fact]
    public void Create_EveryLiteralType_RendersTypedEscapedLiterals()
    {
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        var filter = TableFilter.Create(
            $"S eq {"O'Brien"} and B eq {true} and I eq {-5} and L eq {5_000_000_000L} and D eq {1.5} and T ge {when} and G eq {id} and X eq {new byte[] { 0x0A, 0xFF }}");

        Assert.Equal(
            "S eq 'O''Brien' and B eq true and I eq -5 and L eq 5000000000L and D eq 1.5 and T ge datetime'2026-01-02T01:04:05.1234567Z' and G eq guid'0f8fad5b-d9cb-469f-a165-70867728950e' and X eq X'0aff'",
            filter);
    }

    [Fact]
    public void Create_InjectionAttempt_StaysOneStringLiteral()
    {
        const string hostile = "' or 1 eq 1 or '";

        Assert.Equal("Name eq ''' or 1 eq 1 or '''", TableFilter.Create($"Name eq {hostile}"));
    }

    [Fact]
    public void Create_NullArgument_ThrowsArgumentException()
    {
        string? missing = null;

        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Name eq {missing}"));
    }

    [Fact]
    public void Create_UnsupportedType_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Name eq {new Uri("http://x")}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"T eq {new DateTime(2026, 1, 1)}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"D eq {double.NaN}"));
    }
}
