using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SignInSignals : Migration
    {
        /// <summary>The counts trigger of DashboardCountsAndAddressKeys with RepeatedWrongPassword among the failures.</summary>
        private const string CountingTriggerWithRepeats = @"
CREATE OR ALTER TRIGGER [TR_LoginAttempts_Counts] ON [LoginAttempts] AFTER INSERT AS
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

        private const string CountingTriggerBefore = @"
CREATE OR ALTER TRIGGER [TR_LoginAttempts_Counts] ON [LoginAttempts] AFTER INSERT AS
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
            migrationBuilder.AddColumn<bool>(
                name: "PasswordChangeRequired",
                table: "AspNetUsers",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ServerSecrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Material = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerSecrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "WrongPasswordFingerprints",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Fingerprint = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WrongPasswordFingerprints", x => new { x.Key, x.Fingerprint });
                });

            migrationBuilder.CreateIndex(
                name: "IX_WrongPasswordFingerprints_At_ForRetention",
                table: "WrongPasswordFingerprints",
                column: "At");

            // A repeated wrong password is a failure (DashboardQueries.Failures): the counts trigger lists it too.
            // CREATE OR ALTER TRIGGER must begin its batch, and the idempotent script wraps migrations in IF blocks.
            migrationBuilder.Sql("EXEC(N'" + CountingTriggerWithRepeats.Replace("'", "''") + "')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("EXEC(N'" + CountingTriggerBefore.Replace("'", "''") + "')");

            migrationBuilder.DropTable(
                name: "ServerSecrets");

            migrationBuilder.DropTable(
                name: "WrongPasswordFingerprints");

            migrationBuilder.DropColumn(
                name: "PasswordChangeRequired",
                table: "AspNetUsers");
        }
    }
}
