using AdminConsole.Core.Text;

namespace AdminConsole.Tests.Unit;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(900, "15 minutes")]
    [InlineData(60, "1 minute")]
    [InlineData(3600, "1 hour")]
    [InlineData(7200, "2 hours")]
    [InlineData(86400, "1 day")]
    [InlineData(5400, "90 minutes")]
    [InlineData(30, "30 seconds")]
    public void Durations_read_as_people_say_them(int seconds, string text) =>
        Assert.Equal(text, DurationText.Describe(TimeSpan.FromSeconds(seconds)));
}
