using AdminConsole.Core.Passwords;

namespace AdminConsole.Tests.Unit;

public sealed class CommonPasswordValidatorTests
{
    private static readonly AppUser User = new() { UserName = "alice.long.name@example.com", Email = "alice.long.name@example.com" };

    private static async Task<string[]> ErrorsAsync(string password) =>
        (await new CommonPasswordValidator().ValidateAsync(null!, User, password)).Errors.Select(e => e.Code).ToArray();

    [Fact]
    public void The_shipped_list_has_at_least_10000_entries() => Assert.True(CommonPasswordValidator.Count >= 10_000, $"{CommonPasswordValidator.Count}");

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiop123")]
    public async Task A_common_password_is_refused(string password) => Assert.Contains("PasswordTooCommon", await ErrorsAsync(password));

    [Fact]
    public async Task The_email_as_password_is_refused() => Assert.Contains("PasswordIsUserName", await ErrorsAsync("Alice.Long.Name@example.com"));

    [Fact]
    public async Task A_long_passphrase_without_symbols_is_accepted() => Assert.Empty(await ErrorsAsync("purple otter sings at midnight"));

    [Fact]
    public async Task A_64_character_password_is_accepted() => Assert.Empty(await ErrorsAsync(new string('x', 30) + new string('y', 34)));

    [Fact]
    public async Task A_password_over_256_characters_is_refused() => Assert.Contains("PasswordTooLong", await ErrorsAsync(new string('z', 257)));
}
