using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminConsole.Core.Data;

/// <summary>
/// SQLite: times are stored as UTC ticks so that lock checks and time ranges compare in SQL (EF's SQLite provider
/// cannot translate comparisons on <see cref="DateTimeOffset"/>).
/// </summary>
public sealed class SqliteSecurityDbContext(DbContextOptions<SqliteSecurityDbContext> options) : SecurityDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
