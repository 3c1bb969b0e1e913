using Microsoft.Extensions.Configuration;

namespace AdminConsole.Core.Data;

/// <summary>A provider this build supports, and for the server databases the connection string they need.</summary>
public sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions o) => OptionsRules.Check(
        (Enum.IsDefined(o.Provider), $"{DatabaseOptions.Section}:Provider '{o.Provider}' is not supported: use Sqlite, SqlServer or PostgreSql."),
        (o.Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)),
            $"{DatabaseOptions.Section}:Provider is {o.Provider} but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set."),
        (o.Provider != DatabaseProvider.PostgreSql || SecurityDatabaseSetup.IsValidPostgreSqlConnection(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)),
            $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not a valid Npgsql connection string (for example 'Host=db;Database=adminconsole;Username=adminconsole;Password=...')."));
}
