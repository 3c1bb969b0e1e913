using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttemptAddressIndexWithOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
                table: "LoginAttempts");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
                table: "LoginAttempts",
                columns: new[] { "AddressKey", "At", "Outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
                table: "LoginAttempts");

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_AddressKey_At_ForAddressHistory",
                table: "LoginAttempts",
                columns: new[] { "AddressKey", "At" });
        }
    }
}
