namespace AdminConsole.Core.Data.Migrations.SqlServer;

/// <summary>
/// The SQL of this provider that EF Core does not write: the trigger that keeps the dashboard's counts. The one
/// place it is kept; the initial migration installs it, and <c>AttemptCountTests</c> read what a database created
/// from the migrations holds. Which outcomes are failures is <c>LoginOutcomes.Failures</c>; a change there changes
/// the lists below in the same commit.
/// </summary>
internal static class SqlServerSql
{
    /// <summary>
    /// Adds each inserted attempt to its outcome's hour and each failure to its address and user name, by hour and
    /// by day, in one MERGE (HOLDLOCK, so two sign-ins adding to one row at once do not both insert it).
    /// </summary>
    public const string CountsTrigger = @"
CREATE TRIGGER [TR_LoginAttempts_Counts] ON [LoginAttempts] AFTER INSERT AS
BEGIN
    SET NOCOUNT ON;
    MERGE [AttemptCounts] WITH (HOLDLOCK) AS t
    USING (
        SELECT k.[Kind], k.[Period], k.[Name], SUM(CAST(i.[Count] AS bigint)) AS [Count]
        FROM inserted AS i
        CROSS APPLY (VALUES
            (0, i.[Hour], i.[Outcome]),
            (1, i.[Hour], CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut', 'RepeatedWrongPassword') THEN i.[Address] END),
            (2, i.[Hour] / 24, CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut', 'RepeatedWrongPassword') THEN i.[Address] END),
            (3, i.[Hour], CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut', 'RepeatedWrongPassword') THEN i.[UserName] END),
            (4, i.[Hour] / 24, CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut', 'RepeatedWrongPassword') THEN i.[UserName] END)
        ) AS k ([Kind], [Period], [Name])
        WHERE k.[Name] IS NOT NULL AND k.[Name] <> N''
        GROUP BY k.[Kind], k.[Period], k.[Name]
    ) AS s
    ON t.[Kind] = s.[Kind] AND t.[Period] = s.[Period] AND t.[Name] = s.[Name]
    WHEN MATCHED THEN UPDATE SET [Count] = t.[Count] + s.[Count]
    WHEN NOT MATCHED THEN INSERT ([Kind], [Period], [Name], [Count]) VALUES (s.[Kind], s.[Period], s.[Name], s.[Count]);
END
";

    /// <summary>The trigger as one batch: CREATE TRIGGER must be the only statement of its batch.</summary>
    public static string InstallCountsTrigger => "EXEC(N'" + CountsTrigger.Replace("'", "''", StringComparison.Ordinal) + "')";

    public const string DropCountsTrigger = "DROP TRIGGER IF EXISTS [TR_LoginAttempts_Counts];";
}
