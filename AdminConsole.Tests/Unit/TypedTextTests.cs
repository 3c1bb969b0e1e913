using AdminConsole.Core.Text;

namespace AdminConsole.Tests.Unit;

public sealed class TypedTextTests
{
    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("zoë.øre@example.com")]
    [InlineData("名前@example.jp")]
    [InlineData("emoji-\U0001F600@example.com")]
    public void Plain_text_in_any_script_is_accepted(string value) => Assert.Null(TypedText.Problem(value));

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009Bb")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    public void Control_characters_are_refused(string value) =>
        Assert.Contains("control characters", TypedText.Problem(value));

    [Fact]
    public void An_unpaired_surrogate_is_refused()
    {
        // Not theory data: xunit's serialization of test cases would turn a lone surrogate into U+FFFD.
        string[] values = ["\uD800@example.com", "x\uDC00", "\uDC00\uD800"];

        Assert.All(values, value => Assert.Contains("unpaired UTF-16 surrogate", TypedText.Problem(value)));
    }

    [Fact]
    public void Logged_names_carry_control_characters_escaped_on_one_line() =>
        Assert.Equal("eve\\u000D\\u000A[fake] admin signed in\\u2028\\uD800\\\\", TypedText.ForLog("eve\r\n[fake] admin signed in\u2028\uD800\\"));

    [Fact]
    public void Plain_names_are_logged_as_they_are() =>
        Assert.Equal("ALICE@EXAMPLE.COM", TypedText.ForLog("ALICE@EXAMPLE.COM"));

    [Fact]
    public void The_form_attribute_refuses_control_characters_and_accepts_plain_text()
    {
        var attribute = new PlainTextAttribute();

        Assert.False(attribute.IsValid("a\u0085b@example.com"));
        Assert.True(attribute.IsValid("ab@example.com"));
        Assert.True(attribute.IsValid(null));
    }
}
