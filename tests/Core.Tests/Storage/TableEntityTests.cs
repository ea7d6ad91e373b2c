using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Tests.Storage;

public sealed class TableEntityTests
{
    [Fact]
    public void TypedGetters_MissingProperty_ReturnNull()
    {
        var entity = new TableEntity("p", "r");

        Assert.Null(entity.GetString("missing"));
        Assert.Null(entity.GetBoolean("missing"));
        Assert.Null(entity.GetInt32("missing"));
        Assert.Null(entity.GetInt64("missing"));
        Assert.Null(entity.GetDouble("missing"));
        Assert.Null(entity.GetDateTimeOffset("missing"));
        Assert.Null(entity.GetGuid("missing"));
        Assert.Null(entity.GetBinary("missing"));
    }

    [Fact]
    public void TypedGetters_PresentProperty_ReturnIt_AndTheWrongTypeIsAnError()
    {
        var when = new DateTimeOffset(2026, 11, 20, 1, 2, 3, TimeSpan.Zero);
        var entity = new TableEntity("p", "r") { ["Flag"] = false, ["Count"] = 0, ["At"] = when };

        Assert.False(entity.GetBoolean("Flag"));
        Assert.Equal(0, entity.GetInt32("Count"));
        Assert.Equal(when, entity.GetDateTimeOffset("At"));
        Assert.Throws<InvalidOperationException>(() => entity.GetGuid("Flag"));
    }
}
