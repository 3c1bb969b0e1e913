using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttemptHourBuckets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Hour",
                table: "LoginAttempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_Hour_Outcome_ForSeries",
                table: "LoginAttempts",
                columns: new[] { "Hour", "Outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_Hour_Outcome_ForSeries",
                table: "LoginAttempts");

            migrationBuilder.DropColumn(
                name: "Hour",
                table: "LoginAttempts");
        }
    }
}
