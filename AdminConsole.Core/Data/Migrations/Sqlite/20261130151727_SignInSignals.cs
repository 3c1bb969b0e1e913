using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignInSignals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PasswordChangeRequired",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ServerSecrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Material = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerSecrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "WrongPasswordFingerprints",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TR_LoginAttempts_Counts;");
            migrationBuilder.Sql(@"
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
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TR_LoginAttempts_Counts;");
            migrationBuilder.Sql(@"
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
        WHERE NEW.Outcome IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut') AND k.Name <> ''
        ON CONFLICT (Kind, Period, Name) DO UPDATE SET Count = Count + excluded.Count;
END;
");

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
