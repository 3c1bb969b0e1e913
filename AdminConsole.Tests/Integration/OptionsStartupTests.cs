using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Integration;

/// <summary>Seed, Database and OpenId settings are validated before anything is created: a bad one stops the start naming its key.</summary>
public sealed class OptionsStartupTests
{
    [Fact]
    public async Task A_seeded_account_with_an_unknown_role_stops_the_start_naming_the_key()
    {
        await using var app = new AppFactory();
        app.Settings["Seed:Users:0:Email"] = "someone@example.com";
        app.Settings["Seed:Users:0:Password"] = "a long passphrase for the seed";
        app.Settings["Seed:Users:0:Role"] = "Root";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Seed:Users:0:Role must be one of SecurityAdmin, SecurityViewer", ValidationMessages(error));
    }

    [Fact]
    public async Task A_database_from_before_the_migrations_were_merged_stops_the_start_saying_to_recreate_it()
    {
        await using var app = new AppFactory();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabaseFile}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261123011127_AddressProtection', '10.0.0');
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("20261123011127_AddressProtection", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("delete the SQLite file (or drop the database) and start again", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_server_without_a_connection_string_stops_the_start_naming_the_key()
    {
        await using var app = new AppFactory();
        app.Settings["Database:Provider"] = "SqlServer";
        app.Settings["ConnectionStrings:AdminConsole"] = "";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("Database:Provider is SqlServer but ConnectionStrings:AdminConsole is not set", ValidationMessages(error));
    }

    [Fact]
    public async Task A_bad_OpenId_client_stops_the_start_naming_the_key()
    {
        await using var app = new AppFactory();
        app.Settings["OpenId:Clients:0:ClientId"] = "portal";
        app.Settings["OpenId:Clients:0:DisplayName"] = "Portal";
        app.Settings["OpenId:Clients:0:Type"] = "public";
        app.Settings["OpenId:Clients:0:RedirectUris:0"] = "http://portal.example.com/callback";
        app.Settings["OpenId:Clients:0:Scopes:0"] = "openid";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("OpenId:Clients:0:RedirectUris:0 must be an absolute https address", ValidationMessages(error));
    }

    [Theory]
    [InlineData("", "Database:Provider is PostgreSql but ConnectionStrings:AdminConsole is not set")]
    [InlineData("Hots=db;Databse=x", "ConnectionStrings:AdminConsole is not a valid Npgsql connection string")]
    public async Task PostgreSql_with_a_missing_or_malformed_connection_string_stops_the_start_naming_the_key(string connectionString, string message)
    {
        await using var app = new AppFactory();
        app.Settings["Database:Provider"] = "PostgreSql";
        app.Settings["ConnectionStrings:AdminConsole"] = connectionString;

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(message, ValidationMessages(error));
    }

    [Theory]
    [InlineData("Lockout:UnlockLinkLifetime", "00:00:30", "Lockout:UnlockLinkLifetime must be from 00:01:00 (one minute) to 1.00:00:00 (one day)")]
    [InlineData("Lockout:UnlockLinkLifetime", "2.00:00:00", "Lockout:UnlockLinkLifetime must be from 00:01:00 (one minute) to 1.00:00:00 (one day)")]
    [InlineData("Mail:SupportContact", "call the helpdesk", "Mail:SupportContact must be a mail address")]
    public async Task A_bad_unlock_link_lifetime_or_support_contact_stops_the_start_naming_the_key(string key, string value, string message)
    {
        await using var app = new AppFactory();
        app.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(message, ValidationMessages(error));
    }

    private static string ValidationMessages(Exception error)
    {
        var failures = Unwrap(error).OfType<OptionsValidationException>().ToList();
        Assert.True(failures.Count > 0, error.ToString());
        return string.Join(" ", failures.Select(f => f.Message));
    }

    private static IEnumerable<Exception> Unwrap(Exception e)
    {
        yield return e;
        var inner = e is AggregateException aggregate ? aggregate.InnerExceptions : e.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Unwrap))
        {
            yield return child;
        }
    }
}
