using AdminConsole.Core;
using AdminConsole.Core.Attempts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AdminConsole.Tests.Unit;

public sealed class AccountNamesTests
{
    [Theory]
    [InlineData("alice@example.com", "ALICE@EXAMPLE.COM")]
    [InlineData("Alice@Example.COM", "ALICE@EXAMPLE.COM")]
    [InlineData("  alice@example.com\t", "ALICE@EXAMPLE.COM")]
    [InlineData("Cafe\u0301@example.com", "CAF\u00C9@EXAMPLE.COM")]
    [InlineData("", "")]
    public void A_name_is_trimmed_composed_and_upper_cased(string typed, string normalized) =>
        Assert.Equal(normalized, AccountNames.Normalize(typed));

    [Fact]
    public void No_name_normalises_to_none_and_keys_as_empty() =>
        Assert.Equal((null, ""), (AccountNames.Normalize(null), AccountNames.Key(null)));

    [Fact]
    public void A_key_is_cut_to_the_stored_length_after_normalising()
    {
        var typed = " " + new string('a', LoginAttempt.UserNameMaxLength + 10) + "@example.com";

        var key = AccountNames.Key(typed);

        Assert.Equal(new string('A', LoginAttempt.UserNameMaxLength), key);
    }

    [Fact]
    public void A_name_of_the_stored_length_keys_whole() =>
        Assert.Equal("BOB@EXAMPLE.COM", AccountNames.Key(" bob@example.com "));

    [Theory]
    [InlineData(" Alice@Example.com ")]
    [InlineData("Cafe\u0301@example.com")]
    [InlineData("security-admin")]
    public void Identity_normalises_names_and_emails_as_the_account_keys_do(string typed)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AdminConsole"] = "Data Source=:memory:" });
        builder.Services.AddHttpContextAccessor();
        builder.AddAdminConsoleCore();
        using var services = builder.Services.BuildServiceProvider();
        using var scope = services.CreateScope();

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var lookup = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();

        Assert.IsType<AccountNames>(lookup);
        Assert.Equal(AccountNames.Normalize(typed), users.NormalizeName(typed));
        Assert.Equal(AccountNames.Normalize(typed), users.NormalizeEmail(typed));
    }
}
