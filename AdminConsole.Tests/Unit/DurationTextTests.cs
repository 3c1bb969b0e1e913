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

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("1h 30m", 5400)]
    [InlineData("1H30M", 5400)]
    [InlineData(" 2d ", 172800)]
    [InlineData("1d 2h 3m 4s", 93784)]
    public void Typed_durations_are_read(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var span));
        Assert.Equal(TimeSpan.FromSeconds(seconds), span);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("m")]
    [InlineData("15 minutes")]
    [InlineData("30m 1h")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h 30m")]
    [InlineData(900, "15m")]
    [InlineData(93784, "1d 2h 3m 4s")]
    [InlineData(0, "0s")]
    public void The_short_form_reads_back(int seconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(DurationText.TryParse(text, out var span));
        Assert.Equal(TimeSpan.FromSeconds(seconds), span);
    }

    [Theory]
    [InlineData("\uFF11h")]
    [InlineData("\u0661\u0665m")]
    public void Digits_of_other_scripts_are_refused_without_throwing(string text) =>
        Assert.False(DurationText.TryParse(text, out _));
}
