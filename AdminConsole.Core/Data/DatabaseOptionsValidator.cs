using Microsoft.Extensions.Configuration;

namespace AdminConsole.Core.Data;

/// <summary>A provider this build supports, and for SQL Server the connection string it needs.</summary>
public sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions o) => OptionsRules.Check(
        (Enum.IsDefined(o.Provider), $"{DatabaseOptions.Section}:Provider '{o.Provider}' is not supported: use Sqlite or SqlServer."),
        (o.Provider != DatabaseProvider.SqlServer || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)),
            $"{DatabaseOptions.Section}:Provider is SqlServer but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set."));
}
