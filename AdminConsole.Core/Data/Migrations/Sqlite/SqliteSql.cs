namespace AdminConsole.Core.Data.Migrations.Sqlite;

/// <summary>
/// The SQL of this provider that EF Core does not write: the dashboard's counts table, clustered on its key
/// (WITHOUT ROWID, so a count is read without a second lookup per row), and the trigger that keeps it. The one
/// place it is kept; the initial migration installs it, and <c>AttemptCountTests</c> read what a database created
/// from the migrations holds. Which outcomes are failures is <c>LoginOutcomes.Failures</c>; a change there changes
/// the lists below in the same commit.
/// </summary>
internal static class SqliteSql
{
    /// <summary>The counts table (<see cref="Dashboard.AttemptCount"/>): EF has no setting for WITHOUT ROWID.</summary>
    public const string AttemptCountsTable = @"
CREATE TABLE ""AttemptCounts"" (
    ""Kind"" INTEGER NOT NULL,
    ""Period"" INTEGER NOT NULL,
    ""Name"" TEXT NOT NULL,
    ""Count"" INTEGER NOT NULL,
    CONSTRAINT ""PK_AttemptCounts"" PRIMARY KEY (""Kind"", ""Period"", ""Name"")
) WITHOUT ROWID;
";

    /// <summary>
    /// Every inserted attempt adds to its counts in the same statement (AttemptCount.Kind: 0 outcome per hour, 1-2
    /// failures per address per hour and day, 3-4 failures per user name per hour and day). A migration that
    /// rebuilds LoginAttempts drops it: such a migration installs it again.
    /// </summary>
    public const string CountsTrigger = @"
CREATE TRIGGER TR_LoginAttempts_Counts AFTER INSERT ON LoginAttempts
BEGIN
    INSERT INTO AttemptCounts (Kind, Period, Name, Count) VALUES (0, NEW.Hour, NEW.Outcome, NEW.Count)
        ON CONFLICT (Kind, Period, Name) DO UPDATE SET Count = Count + excluded.Count;
    INSERT INTO AttemptCounts (Kind, Period, Name, Count)
        SELECT k.Kind, k.Period, k.Name, NEW.Count
        FROM (SELECT 1 AS Kind, NEW.Hour AS Period, NEW.Address AS Name
              UNION ALL SELECT 2, NEW.Hour / 24, NEW.Address
              UNION ALL SELECT 3, NEW.Hour, NEW.UserName
              UNION ALL SELECT 4, NEW.Hour / 24, NEW.UserName) AS k
        WHERE NEW.Outcome IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut', 'RepeatedWrongPassword') AND k.Name <> ''
        ON CONFLICT (Kind, Period, Name) DO UPDATE SET Count = Count + excluded.Count;
END;
";

    public const string DropCountsTrigger = "DROP TRIGGER IF EXISTS TR_LoginAttempts_Counts;";
}
