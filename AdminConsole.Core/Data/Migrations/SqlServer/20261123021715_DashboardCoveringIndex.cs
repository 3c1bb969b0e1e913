using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DashboardCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_Hour_Outcome_ForSeries",
                table: "LoginAttempts");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_Hour_Outcome_Count_ForDashboard",
                table: "LoginAttempts",
                columns: new[] { "Hour", "Outcome", "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_Hour_Outcome_Count_ForDashboard",
                table: "LoginAttempts");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_Hour_Outcome_ForSeries",
                table: "LoginAttempts",
                columns: new[] { "Hour", "Outcome" });
        }
    }
}
