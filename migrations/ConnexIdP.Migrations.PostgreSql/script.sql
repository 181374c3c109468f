CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE TABLE accounts (
        "Id" character varying(36) NOT NULL,
        "Email" character varying(254) NOT NULL,
        "NormalizedEmail" character varying(254) NOT NULL,
        "DisplayName" character varying(200),
        "Status" character varying(16) NOT NULL,
        "IsAdmin" boolean NOT NULL,
        "PasswordHash" character varying(400),
        "SecurityStamp" character varying(64) NOT NULL,
        "CreatedAt" timestamp with time zone NOT NULL,
        "UpdatedAt" timestamp with time zone NOT NULL,
        CONSTRAINT "PK_accounts" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE TABLE "OpenIddictApplications" (
        "Id" text NOT NULL,
        "ApplicationType" character varying(50),
        "ClientId" character varying(100),
        "ClientSecret" text,
        "ClientType" character varying(50),
        "ConcurrencyToken" character varying(50),
        "ConsentType" character varying(50),
        "DisplayName" text,
        "DisplayNames" text,
        "JsonWebKeySet" text,
        "Permissions" text,
        "PostLogoutRedirectUris" text,
        "Properties" text,
        "RedirectUris" text,
        "Requirements" text,
        "Settings" text,
        CONSTRAINT "PK_OpenIddictApplications" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE TABLE "OpenIddictScopes" (
        "Id" text NOT NULL,
        "ConcurrencyToken" character varying(50),
        "Description" text,
        "Descriptions" text,
        "DisplayName" text,
        "DisplayNames" text,
        "Name" character varying(200),
        "Properties" text,
        "Resources" text,
        CONSTRAINT "PK_OpenIddictScopes" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE TABLE "OpenIddictAuthorizations" (
        "Id" text NOT NULL,
        "ApplicationId" text,
        "ConcurrencyToken" character varying(50),
        "CreationDate" timestamp with time zone,
        "Properties" text,
        "Scopes" text,
        "Status" character varying(50),
        "Subject" character varying(400),
        "Type" character varying(50),
        CONSTRAINT "PK_OpenIddictAuthorizations" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_OpenIddictAuthorizations_OpenIddictApplications_Application~" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE TABLE "OpenIddictTokens" (
        "Id" text NOT NULL,
        "ApplicationId" text,
        "AuthorizationId" text,
        "ConcurrencyToken" character varying(50),
        "CreationDate" timestamp with time zone,
        "ExpirationDate" timestamp with time zone,
        "Payload" text,
        "Properties" text,
        "RedemptionDate" timestamp with time zone,
        "ReferenceId" character varying(100),
        "Status" character varying(50),
        "Subject" character varying(400),
        "Type" character varying(150),
        CONSTRAINT "PK_OpenIddictTokens" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id"),
        CONSTRAINT "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId" FOREIGN KEY ("AuthorizationId") REFERENCES "OpenIddictAuthorizations" ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE UNIQUE INDEX "IX_accounts_NormalizedEmail" ON accounts ("NormalizedEmail");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE UNIQUE INDEX "IX_OpenIddictApplications_ClientId" ON "OpenIddictApplications" ("ClientId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE INDEX "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type" ON "OpenIddictAuthorizations" ("ApplicationId", "Status", "Subject", "Type");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE UNIQUE INDEX "IX_OpenIddictScopes_Name" ON "OpenIddictScopes" ("Name");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE INDEX "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type" ON "OpenIddictTokens" ("ApplicationId", "Status", "Subject", "Type");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE INDEX "IX_OpenIddictTokens_AuthorizationId" ON "OpenIddictTokens" ("AuthorizationId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    CREATE UNIQUE INDEX "IX_OpenIddictTokens_ReferenceId" ON "OpenIddictTokens" ("ReferenceId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125201351_Initial') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261125201351_Initial', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125223903_AddChangeCounters') THEN
    CREATE TABLE change_counters (
        "Name" character varying(64) NOT NULL,
        "Value" bigint NOT NULL,
        CONSTRAINT "PK_change_counters" PRIMARY KEY ("Name")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125223903_AddChangeCounters') THEN
    INSERT INTO change_counters ("Name", "Value")
    VALUES ('client-configuration', 0);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125223903_AddChangeCounters') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261125223903_AddChangeCounters', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125231333_AddPasswordChangeRequired') THEN
    ALTER TABLE accounts ADD "PasswordChangeRequired" character varying(16);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125231333_AddPasswordChangeRequired') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261125231333_AddPasswordChangeRequired', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE TABLE failure_counters (
        "Key" character varying(400) NOT NULL,
        "Failures" integer NOT NULL,
        "LastFailureAt" bigint NOT NULL,
        CONSTRAINT "PK_failure_counters" PRIMARY KEY ("Key")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE TABLE security_events (
        "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
        "OccurredAt" bigint NOT NULL,
        "Type" character varying(64) NOT NULL,
        "Severity" integer NOT NULL,
        "Outcome" character varying(16) NOT NULL,
        "AccountId" character varying(200),
        "ClientId" character varying(200),
        "Source" character varying(64),
        "UserAgent" character varying(256),
        "CorrelationId" character varying(64),
        "Details" character varying(512),
        CONSTRAINT "PK_security_events" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE INDEX "IX_security_events_AccountId_OccurredAt" ON security_events ("AccountId", "OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE INDEX "IX_security_events_ClientId_OccurredAt" ON security_events ("ClientId", "OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE INDEX "IX_security_events_OccurredAt" ON security_events ("OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE INDEX "IX_security_events_Severity_OccurredAt" ON security_events ("Severity", "OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE INDEX "IX_security_events_Source_OccurredAt" ON security_events ("Source", "OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    CREATE INDEX "IX_security_events_Type_OccurredAt" ON security_events ("Type", "OccurredAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125233353_AddSecurityDefence') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261125233353_AddSecurityDefence', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125234346_AddSourceBlocks') THEN
    CREATE TABLE source_blocks (
        "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
        "Network" character varying(64) NOT NULL,
        "Reason" character varying(500) NOT NULL,
        "CreatedBy" character varying(200) NOT NULL,
        "CreatedAt" bigint NOT NULL,
        "ExpiresAt" bigint NOT NULL,
        "Offences" integer NOT NULL,
        "LiftedAt" bigint,
        "LiftedBy" character varying(200),
        CONSTRAINT "PK_source_blocks" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125234346_AddSourceBlocks') THEN
    CREATE INDEX "IX_source_blocks_ExpiresAt" ON source_blocks ("ExpiresAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125234346_AddSourceBlocks') THEN
    CREATE UNIQUE INDEX "IX_source_blocks_Network" ON source_blocks ("Network");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125234346_AddSourceBlocks') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261125234346_AddSourceBlocks', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    ALTER TABLE accounts ADD "LastOtpStepStart" bigint;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    ALTER TABLE accounts ADD "SecondFactorRequired" boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    CREATE TABLE authenticator_apps (
        "Id" character varying(36) NOT NULL,
        "AccountId" character varying(36) NOT NULL,
        "Name" character varying(64) NOT NULL,
        "ProtectedSecret" character varying(1000) NOT NULL,
        "Algorithm" character varying(8) NOT NULL,
        "Digits" integer NOT NULL,
        "PeriodSeconds" integer NOT NULL,
        "CreatedAt" bigint NOT NULL,
        "ConfirmedAt" bigint,
        "LastUsedAt" bigint,
        CONSTRAINT "PK_authenticator_apps" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_authenticator_apps_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES accounts ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    CREATE TABLE data_protection_keys (
        "Id" integer GENERATED BY DEFAULT AS IDENTITY,
        "FriendlyName" text,
        "Xml" text,
        CONSTRAINT "PK_data_protection_keys" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    CREATE TABLE recovery_codes (
        "Id" character varying(36) NOT NULL,
        "AccountId" character varying(36) NOT NULL,
        "Hash" character varying(200) NOT NULL,
        "CreatedAt" bigint NOT NULL,
        "UsedAt" bigint,
        CONSTRAINT "PK_recovery_codes" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_recovery_codes_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES accounts ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    CREATE INDEX "IX_authenticator_apps_AccountId" ON authenticator_apps ("AccountId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    CREATE INDEX "IX_recovery_codes_AccountId" ON recovery_codes ("AccountId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126013244_AddSecondFactors') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261126013244_AddSecondFactors', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    ALTER TABLE accounts ADD "WebAuthnUserHandle" bytea;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    CREATE TABLE security_keys (
        "Id" character varying(36) NOT NULL,
        "AccountId" character varying(36) NOT NULL,
        "Name" character varying(64) NOT NULL,
        "CredentialId" bytea NOT NULL,
        "PublicKey" bytea NOT NULL,
        "UserHandle" bytea NOT NULL,
        "SignCount" bigint NOT NULL,
        "Transports" character varying(100),
        "AaGuid" uuid NOT NULL,
        "IsBackupEligible" boolean NOT NULL,
        "AttestationFormat" character varying(32),
        "CreatedAt" bigint NOT NULL,
        "LastUsedAt" bigint,
        CONSTRAINT "PK_security_keys" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_security_keys_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES accounts ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    CREATE TABLE webauthn_challenges (
        "Id" character varying(32) NOT NULL,
        "AccountId" character varying(36),
        "Ceremony" character varying(16) NOT NULL,
        "Options" character varying(16384) NOT NULL,
        "KeyName" character varying(64),
        "ExpiresAt" bigint NOT NULL,
        CONSTRAINT "PK_webauthn_challenges" PRIMARY KEY ("Id")
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    CREATE INDEX "IX_security_keys_AccountId" ON security_keys ("AccountId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    CREATE UNIQUE INDEX "IX_security_keys_CredentialId" ON security_keys ("CredentialId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    CREATE INDEX "IX_webauthn_challenges_ExpiresAt" ON webauthn_challenges ("ExpiresAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126021425_AddSecurityKeys') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261126021425_AddSecurityKeys', '10.0.15');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    ALTER TABLE accounts ADD "PushSuspendedUntil" bigint;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE TABLE approval_devices (
        "Id" character varying(36) NOT NULL,
        "AccountId" character varying(36) NOT NULL,
        "Name" character varying(64) NOT NULL,
        "CredentialId" bytea NOT NULL,
        "PublicKey" bytea NOT NULL,
        "UserHandle" bytea NOT NULL,
        "SignCount" bigint NOT NULL,
        "IsBackupEligible" boolean NOT NULL,
        "CreatedAt" bigint NOT NULL,
        "LastUsedAt" bigint,
        CONSTRAINT "PK_approval_devices" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_approval_devices_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES accounts ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE TABLE approval_enrollments (
        "Id" character varying(32) NOT NULL,
        "AccountId" character varying(36) NOT NULL,
        "CodeHash" bytea NOT NULL,
        "DeviceName" character varying(64) NOT NULL,
        "ChallengeId" character varying(32),
        "CreatedAt" bigint NOT NULL,
        "ExpiresAt" bigint NOT NULL,
        "UsedAt" bigint,
        "DeviceId" character varying(36),
        CONSTRAINT "PK_approval_enrollments" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_approval_enrollments_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES accounts ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE TABLE approval_requests (
        "Id" character varying(32) NOT NULL,
        "AccountId" character varying(36) NOT NULL,
        "Number" integer NOT NULL,
        "Choices" character varying(16) NOT NULL,
        "Nonce" bytea NOT NULL,
        "BrowserBinding" bytea NOT NULL,
        "ClientName" character varying(200) NOT NULL,
        "SourceAddress" character varying(64),
        "Browser" character varying(64) NOT NULL,
        "Status" character varying(16) NOT NULL,
        "CreatedAt" bigint NOT NULL,
        "ExpiresAt" bigint NOT NULL,
        "AnsweredAt" bigint,
        "DeviceId" character varying(36),
        "Methods" character varying(64),
        "Failures" integer NOT NULL,
        CONSTRAINT "PK_approval_requests" PRIMARY KEY ("Id"),
        CONSTRAINT "FK_approval_requests_accounts_AccountId" FOREIGN KEY ("AccountId") REFERENCES accounts ("Id") ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE INDEX "IX_approval_devices_AccountId" ON approval_devices ("AccountId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE UNIQUE INDEX "IX_approval_devices_CredentialId" ON approval_devices ("CredentialId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE INDEX "IX_approval_enrollments_AccountId" ON approval_enrollments ("AccountId");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE UNIQUE INDEX "IX_approval_enrollments_CodeHash" ON approval_enrollments ("CodeHash");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE INDEX "IX_approval_requests_AccountId_Status" ON approval_requests ("AccountId", "Status");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    CREATE INDEX "IX_approval_requests_CreatedAt" ON approval_requests ("CreatedAt");
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261126040635_AddPushApproval') THEN
    INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261126040635_AddPushApproval', '10.0.15');
    END IF;
END $EF$;
COMMIT;

