using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnexIdP.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddPasswordChangeRequired : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PasswordChangeRequired",
                table: "accounts",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PasswordChangeRequired",
                table: "accounts");
        }
    }
}
