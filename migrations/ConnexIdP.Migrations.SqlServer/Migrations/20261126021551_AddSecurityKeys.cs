using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnexIdP.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddSecurityKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "WebAuthnUserHandle",
                table: "accounts",
                type: "varbinary(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "security_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false),
                    AccountId = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CredentialId = table.Column<byte[]>(type: "varbinary(1023)", maxLength: 1023, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "varbinary(2048)", maxLength: 2048, nullable: false),
                    UserHandle = table.Column<byte[]>(type: "varbinary(64)", maxLength: 64, nullable: false),
                    SignCount = table.Column<long>(type: "bigint", nullable: false),
                    Transports = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    AaGuid = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IsBackupEligible = table.Column<bool>(type: "bit", nullable: false),
                    AttestationFormat = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastUsedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_security_keys_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webauthn_challenges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    AccountId = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: true),
                    Ceremony = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Options = table.Column<string>(type: "nvarchar(max)", maxLength: 16384, nullable: false),
                    KeyName = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webauthn_challenges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_security_keys_AccountId",
                table: "security_keys",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_security_keys_CredentialId",
                table: "security_keys",
                column: "CredentialId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webauthn_challenges_ExpiresAt",
                table: "webauthn_challenges",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "security_keys");

            migrationBuilder.DropTable(
                name: "webauthn_challenges");

            migrationBuilder.DropColumn(
                name: "WebAuthnUserHandle",
                table: "accounts");
        }
    }
}
