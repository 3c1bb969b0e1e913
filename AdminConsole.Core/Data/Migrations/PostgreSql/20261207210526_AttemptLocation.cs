using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AttemptLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Asn",
                table: "LoginAttempts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AsnOrganization",
                table: "LoginAttempts",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "LoginAttempts",
                type: "character varying(2)",
                unicode: false,
                maxLength: 2,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttempts_Country_At_ForCountryHistory",
                table: "LoginAttempts",
                columns: new[] { "Country", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LoginAttempts_Country_At_ForCountryHistory",
                table: "LoginAttempts");

            migrationBuilder.DropColumn(
                name: "Asn",
                table: "LoginAttempts");

            migrationBuilder.DropColumn(
                name: "AsnOrganization",
                table: "LoginAttempts");

            migrationBuilder.DropColumn(
                name: "Country",
                table: "LoginAttempts");
        }
    }
}
