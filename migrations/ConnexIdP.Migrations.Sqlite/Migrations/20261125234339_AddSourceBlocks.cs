using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnexIdP.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSourceBlocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "source_blocks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Network = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Offences = table.Column<int>(type: "INTEGER", nullable: false),
                    LiftedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LiftedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_source_blocks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_source_blocks_ExpiresAt",
                table: "source_blocks",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_source_blocks_Network",
                table: "source_blocks",
                column: "Network",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "source_blocks");
        }
    }
}
