IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE TABLE [accounts] (
        [Id] nvarchar(36) NOT NULL,
        [Email] nvarchar(254) NOT NULL,
        [NormalizedEmail] nvarchar(254) NOT NULL,
        [DisplayName] nvarchar(200) NULL,
        [Status] nvarchar(16) NOT NULL,
        [IsAdmin] bit NOT NULL,
        [PasswordHash] nvarchar(400) NULL,
        [SecurityStamp] nvarchar(64) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_accounts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE TABLE [OpenIddictApplications] (
        [Id] nvarchar(450) NOT NULL,
        [ApplicationType] nvarchar(50) NULL,
        [ClientId] nvarchar(100) NULL,
        [ClientSecret] nvarchar(max) NULL,
        [ClientType] nvarchar(50) NULL,
        [ConcurrencyToken] nvarchar(50) NULL,
        [ConsentType] nvarchar(50) NULL,
        [DisplayName] nvarchar(max) NULL,
        [DisplayNames] nvarchar(max) NULL,
        [JsonWebKeySet] nvarchar(max) NULL,
        [Permissions] nvarchar(max) NULL,
        [PostLogoutRedirectUris] nvarchar(max) NULL,
        [Properties] nvarchar(max) NULL,
        [RedirectUris] nvarchar(max) NULL,
        [Requirements] nvarchar(max) NULL,
        [Settings] nvarchar(max) NULL,
        CONSTRAINT [PK_OpenIddictApplications] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE TABLE [OpenIddictScopes] (
        [Id] nvarchar(450) NOT NULL,
        [ConcurrencyToken] nvarchar(50) NULL,
        [Description] nvarchar(max) NULL,
        [Descriptions] nvarchar(max) NULL,
        [DisplayName] nvarchar(max) NULL,
        [DisplayNames] nvarchar(max) NULL,
        [Name] nvarchar(200) NULL,
        [Properties] nvarchar(max) NULL,
        [Resources] nvarchar(max) NULL,
        CONSTRAINT [PK_OpenIddictScopes] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE TABLE [OpenIddictAuthorizations] (
        [Id] nvarchar(450) NOT NULL,
        [ApplicationId] nvarchar(450) NULL,
        [ConcurrencyToken] nvarchar(50) NULL,
        [CreationDate] datetime2 NULL,
        [Properties] nvarchar(max) NULL,
        [Scopes] nvarchar(max) NULL,
        [Status] nvarchar(50) NULL,
        [Subject] nvarchar(400) NULL,
        [Type] nvarchar(50) NULL,
        CONSTRAINT [PK_OpenIddictAuthorizations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [OpenIddictApplications] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE TABLE [OpenIddictTokens] (
        [Id] nvarchar(450) NOT NULL,
        [ApplicationId] nvarchar(450) NULL,
        [AuthorizationId] nvarchar(450) NULL,
        [ConcurrencyToken] nvarchar(50) NULL,
        [CreationDate] datetime2 NULL,
        [ExpirationDate] datetime2 NULL,
        [Payload] nvarchar(max) NULL,
        [Properties] nvarchar(max) NULL,
        [RedemptionDate] datetime2 NULL,
        [ReferenceId] nvarchar(100) NULL,
        [Status] nvarchar(50) NULL,
        [Subject] nvarchar(400) NULL,
        [Type] nvarchar(150) NULL,
        CONSTRAINT [PK_OpenIddictTokens] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_OpenIddictTokens_OpenIddictApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [OpenIddictApplications] ([Id]),
        CONSTRAINT [FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId] FOREIGN KEY ([AuthorizationId]) REFERENCES [OpenIddictAuthorizations] ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_accounts_NormalizedEmail] ON [accounts] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_OpenIddictApplications_ClientId] ON [OpenIddictApplications] ([ClientId]) WHERE [ClientId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE INDEX [IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type] ON [OpenIddictAuthorizations] ([ApplicationId], [Status], [Subject], [Type]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_OpenIddictScopes_Name] ON [OpenIddictScopes] ([Name]) WHERE [Name] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE INDEX [IX_OpenIddictTokens_ApplicationId_Status_Subject_Type] ON [OpenIddictTokens] ([ApplicationId], [Status], [Subject], [Type]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    CREATE INDEX [IX_OpenIddictTokens_AuthorizationId] ON [OpenIddictTokens] ([AuthorizationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_OpenIddictTokens_ReferenceId] ON [OpenIddictTokens] ([ReferenceId]) WHERE [ReferenceId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201355_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125201355_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125223909_AddChangeCounters'
)
BEGIN
    CREATE TABLE [change_counters] (
        [Name] nvarchar(64) NOT NULL,
        [Value] bigint NOT NULL,
        CONSTRAINT [PK_change_counters] PRIMARY KEY ([Name])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125223909_AddChangeCounters'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Name', N'Value') AND [object_id] = OBJECT_ID(N'[change_counters]'))
        SET IDENTITY_INSERT [change_counters] ON;
    EXEC(N'INSERT INTO [change_counters] ([Name], [Value])
    VALUES (N''client-configuration'', CAST(0 AS bigint))');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Name', N'Value') AND [object_id] = OBJECT_ID(N'[change_counters]'))
        SET IDENTITY_INSERT [change_counters] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125223909_AddChangeCounters'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125223909_AddChangeCounters', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125231339_AddPasswordChangeRequired'
)
BEGIN
    ALTER TABLE [accounts] ADD [PasswordChangeRequired] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125231339_AddPasswordChangeRequired'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125231339_AddPasswordChangeRequired', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE TABLE [failure_counters] (
        [Key] nvarchar(400) NOT NULL,
        [Failures] int NOT NULL,
        [LastFailureAt] bigint NOT NULL,
        CONSTRAINT [PK_failure_counters] PRIMARY KEY ([Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE TABLE [security_events] (
        [Id] bigint NOT NULL IDENTITY,
        [OccurredAt] bigint NOT NULL,
        [Type] nvarchar(64) NOT NULL,
        [Severity] int NOT NULL,
        [Outcome] nvarchar(16) NOT NULL,
        [AccountId] nvarchar(200) NULL,
        [ClientId] nvarchar(200) NULL,
        [Source] nvarchar(64) NULL,
        [UserAgent] nvarchar(256) NULL,
        [CorrelationId] nvarchar(64) NULL,
        [Details] nvarchar(512) NULL,
        CONSTRAINT [PK_security_events] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE INDEX [IX_security_events_AccountId_OccurredAt] ON [security_events] ([AccountId], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE INDEX [IX_security_events_ClientId_OccurredAt] ON [security_events] ([ClientId], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE INDEX [IX_security_events_OccurredAt] ON [security_events] ([OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE INDEX [IX_security_events_Severity_OccurredAt] ON [security_events] ([Severity], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE INDEX [IX_security_events_Source_OccurredAt] ON [security_events] ([Source], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    CREATE INDEX [IX_security_events_Type_OccurredAt] ON [security_events] ([Type], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125233359_AddSecurityDefence'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125233359_AddSecurityDefence', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125234354_AddSourceBlocks'
)
BEGIN
    CREATE TABLE [source_blocks] (
        [Id] bigint NOT NULL IDENTITY,
        [Network] nvarchar(64) NOT NULL,
        [Reason] nvarchar(500) NOT NULL,
        [CreatedBy] nvarchar(200) NOT NULL,
        [CreatedAt] bigint NOT NULL,
        [ExpiresAt] bigint NOT NULL,
        [Offences] int NOT NULL,
        [LiftedAt] bigint NULL,
        [LiftedBy] nvarchar(200) NULL,
        CONSTRAINT [PK_source_blocks] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125234354_AddSourceBlocks'
)
BEGIN
    CREATE INDEX [IX_source_blocks_ExpiresAt] ON [source_blocks] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125234354_AddSourceBlocks'
)
BEGIN
    CREATE UNIQUE INDEX [IX_source_blocks_Network] ON [source_blocks] ([Network]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125234354_AddSourceBlocks'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125234354_AddSourceBlocks', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    ALTER TABLE [accounts] ADD [LastOtpStepStart] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    ALTER TABLE [accounts] ADD [SecondFactorRequired] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    CREATE TABLE [authenticator_apps] (
        [Id] nvarchar(36) NOT NULL,
        [AccountId] nvarchar(36) NOT NULL,
        [Name] nvarchar(64) NOT NULL,
        [ProtectedSecret] nvarchar(1000) NOT NULL,
        [Algorithm] nvarchar(8) NOT NULL,
        [Digits] int NOT NULL,
        [PeriodSeconds] int NOT NULL,
        [CreatedAt] bigint NOT NULL,
        [ConfirmedAt] bigint NULL,
        [LastUsedAt] bigint NULL,
        CONSTRAINT [PK_authenticator_apps] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_authenticator_apps_accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    CREATE TABLE [data_protection_keys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_data_protection_keys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    CREATE TABLE [recovery_codes] (
        [Id] nvarchar(36) NOT NULL,
        [AccountId] nvarchar(36) NOT NULL,
        [Hash] nvarchar(200) NOT NULL,
        [CreatedAt] bigint NOT NULL,
        [UsedAt] bigint NULL,
        CONSTRAINT [PK_recovery_codes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_recovery_codes_accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    CREATE INDEX [IX_authenticator_apps_AccountId] ON [authenticator_apps] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    CREATE INDEX [IX_recovery_codes_AccountId] ON [recovery_codes] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126013252_AddSecondFactors'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126013252_AddSecondFactors', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    ALTER TABLE [accounts] ADD [WebAuthnUserHandle] varbinary(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    CREATE TABLE [security_keys] (
        [Id] nvarchar(36) NOT NULL,
        [AccountId] nvarchar(36) NOT NULL,
        [Name] nvarchar(64) NOT NULL,
        [CredentialId] varbinary(1023) NOT NULL,
        [PublicKey] varbinary(2048) NOT NULL,
        [UserHandle] varbinary(64) NOT NULL,
        [SignCount] bigint NOT NULL,
        [Transports] nvarchar(100) NULL,
        [AaGuid] uniqueidentifier NOT NULL,
        [IsBackupEligible] bit NOT NULL,
        [AttestationFormat] nvarchar(32) NULL,
        [CreatedAt] bigint NOT NULL,
        [LastUsedAt] bigint NULL,
        CONSTRAINT [PK_security_keys] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_security_keys_accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    CREATE TABLE [webauthn_challenges] (
        [Id] nvarchar(32) NOT NULL,
        [AccountId] nvarchar(36) NULL,
        [Ceremony] nvarchar(16) NOT NULL,
        [Options] nvarchar(max) NOT NULL,
        [KeyName] nvarchar(64) NULL,
        [ExpiresAt] bigint NOT NULL,
        CONSTRAINT [PK_webauthn_challenges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    CREATE INDEX [IX_security_keys_AccountId] ON [security_keys] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    CREATE UNIQUE INDEX [IX_security_keys_CredentialId] ON [security_keys] ([CredentialId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    CREATE INDEX [IX_webauthn_challenges_ExpiresAt] ON [webauthn_challenges] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021551_AddSecurityKeys'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126021551_AddSecurityKeys', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    ALTER TABLE [accounts] ADD [PushSuspendedUntil] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE TABLE [approval_devices] (
        [Id] nvarchar(36) NOT NULL,
        [AccountId] nvarchar(36) NOT NULL,
        [Name] nvarchar(64) NOT NULL,
        [CredentialId] varbinary(1023) NOT NULL,
        [PublicKey] varbinary(2048) NOT NULL,
        [UserHandle] varbinary(64) NOT NULL,
        [SignCount] bigint NOT NULL,
        [IsBackupEligible] bit NOT NULL,
        [CreatedAt] bigint NOT NULL,
        [LastUsedAt] bigint NULL,
        CONSTRAINT [PK_approval_devices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_approval_devices_accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE TABLE [approval_enrollments] (
        [Id] nvarchar(32) NOT NULL,
        [AccountId] nvarchar(36) NOT NULL,
        [CodeHash] varbinary(32) NOT NULL,
        [DeviceName] nvarchar(64) NOT NULL,
        [ChallengeId] nvarchar(32) NULL,
        [CreatedAt] bigint NOT NULL,
        [ExpiresAt] bigint NOT NULL,
        [UsedAt] bigint NULL,
        [DeviceId] nvarchar(36) NULL,
        CONSTRAINT [PK_approval_enrollments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_approval_enrollments_accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE TABLE [approval_requests] (
        [Id] nvarchar(32) NOT NULL,
        [AccountId] nvarchar(36) NOT NULL,
        [Number] int NOT NULL,
        [Choices] nvarchar(16) NOT NULL,
        [Nonce] varbinary(32) NOT NULL,
        [BrowserBinding] varbinary(32) NOT NULL,
        [ClientName] nvarchar(200) NOT NULL,
        [SourceAddress] nvarchar(64) NULL,
        [Browser] nvarchar(64) NOT NULL,
        [Status] nvarchar(16) NOT NULL,
        [CreatedAt] bigint NOT NULL,
        [ExpiresAt] bigint NOT NULL,
        [AnsweredAt] bigint NULL,
        [DeviceId] nvarchar(36) NULL,
        [Methods] nvarchar(64) NULL,
        [Failures] int NOT NULL,
        CONSTRAINT [PK_approval_requests] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_approval_requests_accounts_AccountId] FOREIGN KEY ([AccountId]) REFERENCES [accounts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE INDEX [IX_approval_devices_AccountId] ON [approval_devices] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE UNIQUE INDEX [IX_approval_devices_CredentialId] ON [approval_devices] ([CredentialId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE INDEX [IX_approval_enrollments_AccountId] ON [approval_enrollments] ([AccountId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE UNIQUE INDEX [IX_approval_enrollments_CodeHash] ON [approval_enrollments] ([CodeHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE INDEX [IX_approval_requests_AccountId_Status] ON [approval_requests] ([AccountId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    CREATE INDEX [IX_approval_requests_CreatedAt] ON [approval_requests] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040640_AddPushApproval'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126040640_AddPushApproval', N'10.0.15');
END;

COMMIT;
GO

