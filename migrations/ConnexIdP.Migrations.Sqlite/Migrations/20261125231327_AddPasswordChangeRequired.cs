using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnexIdP.Migrations.Sqlite.Migrations
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
                type: "TEXT",
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
