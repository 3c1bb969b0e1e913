using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DashboardCountsAndAddressKeys : Migration
    {
        private const string CountingTrigger = @"
CREATE TRIGGER [TR_LoginAttempts_Counts] ON [LoginAttempts] AFTER INSERT AS
BEGIN
    SET NOCOUNT ON;
    MERGE [AttemptCounts] WITH (HOLDLOCK) AS t
    USING (
        SELECT k.[Kind], k.[Period], k.[Name], SUM(CAST(i.[Count] AS bigint)) AS [Count]
        FROM inserted AS i
        CROSS APPLY (VALUES
            (0, i.[Hour], i.[Outcome]),
            (1, i.[Hour], CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') THEN i.[Address] END),
            (2, i.[Hour] / 24, CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') THEN i.[Address] END),
            (3, i.[Hour], CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') THEN i.[UserName] END),
            (4, i.[Hour] / 24, CASE WHEN i.[Outcome] IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') THEN i.[UserName] END)
        ) AS k ([Kind], [Period], [Name])
        WHERE k.[Name] IS NOT NULL AND k.[Name] <> N''
        GROUP BY k.[Kind], k.[Period], k.[Name]
    ) AS s
    ON t.[Kind] = s.[Kind] AND t.[Period] = s.[Period] AND t.[Name] = s.[Name]
    WHEN MATCHED THEN UPDATE SET [Count] = t.[Count] + s.[Count]
    WHEN NOT MATCHED THEN INSERT ([Kind], [Period], [Name], [Count]) VALUES (s.[Kind], s.[Period], s.[Name], s.[Count]);
END
";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_Address_At_ForAddressHistory",
                table: "LoginAttempts");

            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_Hour_Outcome_Count_ForDashboard",
                table: "LoginAttempts");

            migrationBuilder.AddColumn<string>(
                name: "AddressKey",
                table: "LoginAttempts",
                type: "varchar(32)",
                unicode: false,
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AttemptCounts",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Period = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptCounts", x => new { x.Kind, x.Period, x.Name });
                });

            // Counts for the attempts already stored; from here on the trigger keeps them.
            migrationBuilder.Sql(@"
INSERT INTO AttemptCounts (Kind, Period, Name, Count)
SELECT 0, Hour, Outcome, SUM(CAST(Count AS bigint)) FROM LoginAttempts GROUP BY Hour, Outcome;
INSERT INTO AttemptCounts (Kind, Period, Name, Count)
SELECT 1, Hour, Address, SUM(CAST(Count AS bigint)) FROM LoginAttempts
WHERE Outcome IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') AND Address <> '' GROUP BY Hour, Address;
INSERT INTO AttemptCounts (Kind, Period, Name, Count)
SELECT 2, Hour / 24, Address, SUM(CAST(Count AS bigint)) FROM LoginAttempts
WHERE Outcome IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') AND Address <> '' GROUP BY Hour / 24, Address;
INSERT INTO AttemptCounts (Kind, Period, Name, Count)
SELECT 3, Hour, UserName, SUM(CAST(Count AS bigint)) FROM LoginAttempts
WHERE Outcome IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') AND UserName <> '' GROUP BY Hour, UserName;
INSERT INTO AttemptCounts (Kind, Period, Name, Count)
SELECT 4, Hour / 24, UserName, SUM(CAST(Count AS bigint)) FROM LoginAttempts
WHERE Outcome IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') AND UserName <> '' GROUP BY Hour / 24, UserName;
");

            // Every insert adds to its counts in the same statement (AttemptCount.Kind: 0 outcome per hour,
            // 1-2 failures per address per hour and day, 3-4 failures per user name per hour and day). HOLDLOCK
            // makes the upsert safe when two sign-ins create the same row at once. CREATE TRIGGER must begin its
            // batch, and the idempotent script puts each migration in an IF block: hence EXEC.
            migrationBuilder.Sql("EXEC(N'" + CountingTrigger.Replace("'", "''") + "')");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
                table: "LoginAttempts",
                columns: new[] { "AddressKey", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_LoginAttempts_Counts];");

            migrationBuilder.DropTable(
                name: "AttemptCounts");

            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
                table: "LoginAttempts");

            migrationBuilder.DropColumn(
                name: "AddressKey",
                table: "LoginAttempts");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_Address_At_ForAddressHistory",
                table: "LoginAttempts",
                columns: new[] { "Address", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_Hour_Outcome_Count_ForDashboard",
                table: "LoginAttempts",
                columns: new[] { "Hour", "Outcome", "Count" });
        }
    }
}
