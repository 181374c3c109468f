CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "accounts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_accounts" PRIMARY KEY,
    "Email" TEXT NOT NULL,
    "NormalizedEmail" TEXT NOT NULL,
    "DisplayName" TEXT NULL,
    "Status" TEXT NOT NULL,
    "IsAdmin" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE TABLE "OpenIddictApplications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictApplications" PRIMARY KEY,
    "ApplicationType" TEXT NULL,
    "ClientId" TEXT NULL,
    "ClientSecret" TEXT NULL,
    "ClientType" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "ConsentType" TEXT NULL,
    "DisplayName" TEXT NULL,
    "DisplayNames" TEXT NULL,
    "JsonWebKeySet" TEXT NULL,
    "Permissions" TEXT NULL,
    "PostLogoutRedirectUris" TEXT NULL,
    "Properties" TEXT NULL,
    "RedirectUris" TEXT NULL,
    "Requirements" TEXT NULL,
    "Settings" TEXT NULL
);

CREATE TABLE "OpenIddictScopes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictScopes" PRIMARY KEY,
    "ConcurrencyToken" TEXT NULL,
    "Description" TEXT NULL,
    "Descriptions" TEXT NULL,
    "DisplayName" TEXT NULL,
    "DisplayNames" TEXT NULL,
    "Name" TEXT NULL,
    "Properties" TEXT NULL,
    "Resources" TEXT NULL
);

CREATE TABLE "OpenIddictAuthorizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictAuthorizations" PRIMARY KEY,
    "ApplicationId" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "CreationDate" TEXT NULL,
    "Properties" TEXT NULL,
    "Scopes" TEXT NULL,
    "Status" TEXT NULL,
    "Subject" TEXT NULL,
    "Type" TEXT NULL,
    CONSTRAINT "FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id")
);

CREATE TABLE "OpenIddictTokens" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictTokens" PRIMARY KEY,
    "ApplicationId" TEXT NULL,
    "AuthorizationId" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "CreationDate" TEXT NULL,
    "ExpirationDate" TEXT NULL,
    "Payload" TEXT NULL,
    "Properties" TEXT NULL,
    "RedemptionDate" TEXT NULL,
    "ReferenceId" TEXT NULL,
    "Status" TEXT NULL,
    "Subject" TEXT NULL,
    "Type" TEXT NULL,
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id"),
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId" FOREIGN KEY ("AuthorizationId") REFERENCES "OpenIddictAuthorizations" ("Id")
);

CREATE UNIQUE INDEX "IX_accounts_NormalizedEmail" ON "accounts" ("NormalizedEmail");

CREATE UNIQUE INDEX "IX_OpenIddictApplications_ClientId" ON "OpenIddictApplications" ("ClientId");

CREATE INDEX "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type" ON "OpenIddictAuthorizations" ("ApplicationId", "Status", "Subject", "Type");

CREATE UNIQUE INDEX "IX_OpenIddictScopes_Name" ON "OpenIddictScopes" ("Name");

CREATE INDEX "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type" ON "OpenIddictTokens" ("ApplicationId", "Status", "Subject", "Type");

CREATE INDEX "IX_OpenIddictTokens_AuthorizationId" ON "OpenIddictTokens" ("AuthorizationId");

CREATE UNIQUE INDEX "IX_OpenIddictTokens_ReferenceId" ON "OpenIddictTokens" ("ReferenceId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125201348_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "change_counters" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_change_counters" PRIMARY KEY,
    "Value" INTEGER NOT NULL
);

INSERT INTO "change_counters" ("Name", "Value")
VALUES ('client-configuration', 0);
SELECT changes();


INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125223858_AddChangeCounters', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "accounts" ADD "PasswordChangeRequired" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125231327_AddPasswordChangeRequired', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "failure_counters" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_failure_counters" PRIMARY KEY,
    "Failures" INTEGER NOT NULL,
    "LastFailureAt" INTEGER NOT NULL
);

CREATE TABLE "security_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_security_events" PRIMARY KEY AUTOINCREMENT,
    "OccurredAt" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "Severity" INTEGER NOT NULL,
    "Outcome" TEXT NOT NULL,
    "AccountId" TEXT NULL,
    "ClientId" TEXT NULL,
    "Source" TEXT NULL,
    "UserAgent" TEXT NULL,
    "CorrelationId" TEXT NULL,
    "Details" TEXT NULL
);

CREATE INDEX "IX_security_events_AccountId_OccurredAt" ON "security_events" ("AccountId", "OccurredAt");

CREATE INDEX "IX_security_events_ClientId_OccurredAt" ON "security_events" ("ClientId", "OccurredAt");

CREATE INDEX "IX_security_events_OccurredAt" ON "security_events" ("OccurredAt");

CREATE INDEX "IX_security_events_Severity_OccurredAt" ON "security_events" ("Severity", "OccurredAt");

CREATE INDEX "IX_security_events_Source_OccurredAt" ON "security_events" ("Source", "OccurredAt");

CREATE INDEX "IX_security_events_Type_OccurredAt" ON "security_events" ("Type", "OccurredAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125233346_AddSecurityDefence', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "source_blocks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_source_blocks" PRIMARY KEY AUTOINCREMENT,
    "Network" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "Offences" INTEGER NOT NULL,
    "LiftedAt" INTEGER NULL,
    "LiftedBy" TEXT NULL
);

CREATE INDEX "IX_source_blocks_ExpiresAt" ON "source_blocks" ("ExpiresAt");

CREATE UNIQUE INDEX "IX_source_blocks_Network" ON "source_blocks" ("Network");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125234339_AddSourceBlocks', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "accounts" ADD "LastOtpStepStart" INTEGER NULL;

ALTER TABLE "accounts" ADD "SecondFactorRequired" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "authenticator_apps" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_authenticator_apps" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ProtectedSecret" TEXT NOT NULL,
    "Algorithm" TEXT NOT NULL,
    "Digits" INTEGER NOT NULL,
    "PeriodSeconds" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ConfirmedAt" INTEGER NULL,
    "LastUsedAt" INTEGER NULL,
    CONSTRAINT "FK_authenticator_apps_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "accounts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "data_protection_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

CREATE TABLE "recovery_codes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_recovery_codes" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    CONSTRAINT "FK_recovery_codes_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "accounts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_authenticator_apps_AccountId" ON "authenticator_apps" ("AccountId");

CREATE INDEX "IX_recovery_codes_AccountId" ON "recovery_codes" ("AccountId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126013235_AddSecondFactors', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "accounts" ADD "WebAuthnUserHandle" BLOB NULL;

CREATE TABLE "security_keys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_security_keys" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CredentialId" BLOB NOT NULL,
    "PublicKey" BLOB NOT NULL,
    "UserHandle" BLOB NOT NULL,
    "SignCount" INTEGER NOT NULL,
    "Transports" TEXT NULL,
    "AaGuid" TEXT NOT NULL,
    "IsBackupEligible" INTEGER NOT NULL,
    "AttestationFormat" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastUsedAt" INTEGER NULL,
    CONSTRAINT "FK_security_keys_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "accounts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "webauthn_challenges" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_webauthn_challenges" PRIMARY KEY,
    "AccountId" TEXT NULL,
    "Ceremony" TEXT NOT NULL,
    "Options" TEXT NOT NULL,
    "KeyName" TEXT NULL,
    "ExpiresAt" INTEGER NOT NULL
);

CREATE INDEX "IX_security_keys_AccountId" ON "security_keys" ("AccountId");

CREATE UNIQUE INDEX "IX_security_keys_CredentialId" ON "security_keys" ("CredentialId");

CREATE INDEX "IX_webauthn_challenges_ExpiresAt" ON "webauthn_challenges" ("ExpiresAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126021232_AddSecurityKeys', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "accounts" ADD "PushSuspendedUntil" INTEGER NULL;

CREATE TABLE "approval_devices" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_approval_devices" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "CredentialId" BLOB NOT NULL,
    "PublicKey" BLOB NOT NULL,
    "UserHandle" BLOB NOT NULL,
    "SignCount" INTEGER NOT NULL,
    "IsBackupEligible" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastUsedAt" INTEGER NULL,
    CONSTRAINT "FK_approval_devices_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "accounts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "approval_enrollments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_approval_enrollments" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "CodeHash" BLOB NOT NULL,
    "DeviceName" TEXT NOT NULL,
    "ChallengeId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    "DeviceId" TEXT NULL,
    CONSTRAINT "FK_approval_enrollments_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "accounts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "approval_requests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_approval_requests" PRIMARY KEY,
    "AccountId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "Choices" TEXT NOT NULL,
    "Nonce" BLOB NOT NULL,
    "BrowserBinding" BLOB NOT NULL,
    "ClientName" TEXT NOT NULL,
    "SourceAddress" TEXT NULL,
    "Browser" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "AnsweredAt" INTEGER NULL,
    "DeviceId" TEXT NULL,
    "Methods" TEXT NULL,
    "Failures" INTEGER NOT NULL,
    CONSTRAINT "FK_approval_requests_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES "accounts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_approval_devices_AccountId" ON "approval_devices" ("AccountId");

CREATE UNIQUE INDEX "IX_approval_devices_CredentialId" ON "approval_devices" ("CredentialId");

CREATE INDEX "IX_approval_enrollments_AccountId" ON "approval_enrollments" ("AccountId");

CREATE UNIQUE INDEX "IX_approval_enrollments_CodeHash" ON "approval_enrollments" ("CodeHash");

CREATE INDEX "IX_approval_requests_AccountId_Status" ON "approval_requests" ("AccountId", "Status");

CREATE INDEX "IX_approval_requests_CreatedAt" ON "approval_requests" ("CreatedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126040629_AddPushApproval', '10.0.15');

COMMIT;

