using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Defence;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.SecondFactors.PushApproval;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Data;

/// <summary>
/// The product's database: accounts and their second factors, change counters, security events, the Data Protection
/// key ring every server shares, and OpenIddict's applications, authorizations, scopes and tokens.
/// </summary>
public sealed class ConnexDbContext(DbContextOptions<ConnexDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<ChangeCounter> ChangeCounters => Set<ChangeCounter>();

    /// <summary>Append-only: rows are added by <see cref="SecurityEventLog"/> and never changed.</summary>
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<FailureCounter> FailureCounters => Set<FailureCounter>();

    public DbSet<AuthenticatorApp> AuthenticatorApps => Set<AuthenticatorApp>();

    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();

    public DbSet<SecurityKey> SecurityKeys => Set<SecurityKey>();

    public DbSet<WebAuthnChallenge> WebAuthnChallenges => Set<WebAuthnChallenge>();

    public DbSet<ApprovalDevice> ApprovalDevices => Set<ApprovalDevice>();

    public DbSet<ApprovalEnrollment> ApprovalEnrollments => Set<ApprovalEnrollment>();

    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();

    /// <summary>Data Protection's keys, encrypted with a certificate kept outside the database (see <c>DataProtection:*</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();

        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.Id).HasMaxLength(36);
            account.Property(a => a.Email).HasMaxLength(EmailAddress.MaxLength).IsRequired();
            account.Property(a => a.NormalizedEmail).HasMaxLength(EmailAddress.MaxLength).IsRequired();
            account.HasIndex(a => a.NormalizedEmail).IsUnique();
            account.Property(a => a.DisplayName).HasMaxLength(200);
            account.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            account.Property(a => a.PasswordHash).HasMaxLength(400);
            account.Property(a => a.SecurityStamp).HasMaxLength(64).IsConcurrencyToken();
            account.Property(a => a.PasswordChangeRequired).HasConversion<string>().HasMaxLength(16);
            account.Property(a => a.WebAuthnUserHandle).HasMaxLength(64);
            account.Property(a => a.PushSuspendedUntil).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<ApprovalDevice>(device =>
        {
            device.ToTable("approval_devices");
            device.HasKey(d => d.Id);
            device.Property(d => d.Id).HasMaxLength(36);
            device.Property(d => d.AccountId).HasMaxLength(36).IsRequired();
            device.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Cascade);
            device.HasIndex(d => d.AccountId);
            device.Property(d => d.Name).HasMaxLength(ApprovalDevice.NameMaxLength).IsRequired();
            device.Property(d => d.CredentialId).HasMaxLength(1023).IsRequired();
            device.HasIndex(d => d.CredentialId).IsUnique();
            device.Property(d => d.PublicKey).HasMaxLength(2048).IsRequired();
            device.Property(d => d.UserHandle).HasMaxLength(64).IsRequired();
            device.Property(d => d.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            device.Property(d => d.LastUsedAt).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<ApprovalEnrollment>(enrollment =>
        {
            enrollment.ToTable("approval_enrollments");
            enrollment.HasKey(e => e.Id);
            enrollment.Property(e => e.Id).HasMaxLength(32);
            enrollment.Property(e => e.AccountId).HasMaxLength(36).IsRequired();
            enrollment.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
            enrollment.HasIndex(e => e.AccountId);
            enrollment.Property(e => e.CodeHash).HasMaxLength(32).IsRequired();
            enrollment.HasIndex(e => e.CodeHash).IsUnique();
            enrollment.Property(e => e.DeviceName).HasMaxLength(ApprovalDevice.NameMaxLength).IsRequired();
            enrollment.Property(e => e.ChallengeId).HasMaxLength(32);
            enrollment.Property(e => e.DeviceId).HasMaxLength(36);
            enrollment.Property(e => e.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            enrollment.Property(e => e.ExpiresAt).HasConversion<UnixMillisecondsConverter>();
            enrollment.Property(e => e.UsedAt).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<ApprovalRequest>(request =>
        {
            request.ToTable("approval_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).HasMaxLength(32);
            request.Property(r => r.AccountId).HasMaxLength(36).IsRequired();
            request.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
            request.HasIndex(r => new { r.AccountId, r.Status });
            request.HasIndex(r => r.CreatedAt);
            request.Property(r => r.Choices).HasMaxLength(16).IsRequired();
            request.Property(r => r.Nonce).HasMaxLength(32).IsRequired();
            request.Property(r => r.BrowserBinding).HasMaxLength(32).IsRequired();
            request.Property(r => r.ClientName).HasMaxLength(200).IsRequired();
            request.Property(r => r.SourceAddress).HasMaxLength(64);
            request.Property(r => r.Browser).HasMaxLength(64).IsRequired();
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.DeviceId).HasMaxLength(36);
            request.Property(r => r.Methods).HasMaxLength(64);
            request.Property(r => r.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            request.Property(r => r.ExpiresAt).HasConversion<UnixMillisecondsConverter>();
            request.Property(r => r.AnsweredAt).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<SecurityKey>(key =>
        {
            key.ToTable("security_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(36);
            key.Property(k => k.AccountId).HasMaxLength(36).IsRequired();
            key.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
            key.HasIndex(k => k.AccountId);
            key.Property(k => k.Name).HasMaxLength(SecurityKey.NameMaxLength).IsRequired();
            key.Property(k => k.CredentialId).HasMaxLength(1023).IsRequired();
            key.HasIndex(k => k.CredentialId).IsUnique();
            key.Property(k => k.PublicKey).HasMaxLength(2048).IsRequired();
            key.Property(k => k.UserHandle).HasMaxLength(64).IsRequired();
            key.Property(k => k.Transports).HasMaxLength(100);
            key.Property(k => k.AttestationFormat).HasMaxLength(32);
            key.Property(k => k.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            key.Property(k => k.LastUsedAt).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<WebAuthnChallenge>(challenge =>
        {
            challenge.ToTable("webauthn_challenges");
            challenge.HasKey(c => c.Id);
            challenge.Property(c => c.Id).HasMaxLength(32);
            challenge.Property(c => c.AccountId).HasMaxLength(36);
            challenge.Property(c => c.Ceremony).HasConversion<string>().HasMaxLength(16);
            challenge.Property(c => c.Options).HasMaxLength(16 * 1024).IsRequired();
            challenge.Property(c => c.KeyName).HasMaxLength(SecurityKey.NameMaxLength);
            challenge.Property(c => c.ExpiresAt).HasConversion<UnixMillisecondsConverter>();
            challenge.HasIndex(c => c.ExpiresAt);
        });

        modelBuilder.Entity<AuthenticatorApp>(app =>
        {
            app.ToTable("authenticator_apps");
            app.HasKey(a => a.Id);
            app.Property(a => a.Id).HasMaxLength(36);
            app.Property(a => a.AccountId).HasMaxLength(36).IsRequired();
            app.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
            app.HasIndex(a => a.AccountId);
            app.Property(a => a.Name).HasMaxLength(AuthenticatorApp.NameMaxLength).IsRequired();
            app.Property(a => a.ProtectedSecret).HasMaxLength(1000).IsRequired();
            app.Property(a => a.Algorithm).HasConversion<string>().HasMaxLength(8);
            app.Property(a => a.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            app.Property(a => a.ConfirmedAt).HasConversion<UnixMillisecondsConverter>();
            app.Property(a => a.LastUsedAt).HasConversion<UnixMillisecondsConverter>();
            app.Ignore(a => a.IsConfirmed);
        });

        modelBuilder.Entity<RecoveryCode>(code =>
        {
            code.ToTable("recovery_codes");
            code.HasKey(c => c.Id);
            code.Property(c => c.Id).HasMaxLength(36);
            code.Property(c => c.AccountId).HasMaxLength(36).IsRequired();
            code.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
            code.HasIndex(c => c.AccountId);
            code.Property(c => c.Hash).HasMaxLength(200).IsRequired();
            code.Property(c => c.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            code.Property(c => c.UsedAt).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<DataProtectionKey>(key => key.ToTable("data_protection_keys"));

        modelBuilder.Entity<ChangeCounter>(counter =>
        {
            counter.ToTable("change_counters");
            counter.HasKey(c => c.Name);
            counter.Property(c => c.Name).HasMaxLength(64);
            counter.HasData(new ChangeCounter { Name = ChangeCounter.ClientConfiguration, Value = 0 });
        });

        modelBuilder.Entity<SecurityEvent>(e =>
        {
            e.ToTable("security_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.OccurredAt).HasConversion<UnixMillisecondsConverter>();
            e.Property(x => x.Type).HasMaxLength(SecurityEvent.TypeMaxLength).IsRequired();
            e.Property(x => x.Severity).HasConversion<int>();
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AccountId).HasMaxLength(SecurityEvent.IdentifierMaxLength);
            e.Property(x => x.ClientId).HasMaxLength(SecurityEvent.IdentifierMaxLength);
            e.Property(x => x.Source).HasMaxLength(SecurityEvent.SourceMaxLength);
            e.Property(x => x.UserAgent).HasMaxLength(SecurityEvent.UserAgentMaxLength);
            e.Property(x => x.CorrelationId).HasMaxLength(SecurityEvent.CorrelationIdMaxLength);
            e.Property(x => x.Details).HasMaxLength(SecurityEvent.DetailsMaxLength);
            e.HasIndex(x => x.OccurredAt);
            e.HasIndex(x => new { x.Type, x.OccurredAt });
            e.HasIndex(x => new { x.AccountId, x.OccurredAt });
            e.HasIndex(x => new { x.ClientId, x.OccurredAt });
            e.HasIndex(x => new { x.Source, x.OccurredAt });
            e.HasIndex(x => new { x.Severity, x.OccurredAt });
        });

        modelBuilder.Entity<FailureCounter>(counter =>
        {
            counter.ToTable("failure_counters");
            counter.HasKey(c => c.Key);
            counter.Property(c => c.Key).HasMaxLength(FailureCounter.KeyMaxLength);
            counter.Property(c => c.LastFailureAt).HasConversion<UnixMillisecondsConverter>();
        });

        modelBuilder.Entity<SourceBlock>(block =>
        {
            block.ToTable("source_blocks");
            block.HasKey(b => b.Id);
            block.Property(b => b.Network).HasMaxLength(64).IsRequired();
            block.HasIndex(b => b.Network).IsUnique();
            block.Property(b => b.Reason).HasMaxLength(SourceBlockStore.MaxReasonLength).IsRequired();
            block.Property(b => b.CreatedBy).HasMaxLength(200).IsRequired();
            block.Property(b => b.LiftedBy).HasMaxLength(200);
            block.HasIndex(b => b.ExpiresAt);
            block.Property(b => b.CreatedAt).HasConversion<UnixMillisecondsConverter>();
            block.Property(b => b.ExpiresAt).HasConversion<UnixMillisecondsConverter>();
            block.Property(b => b.LiftedAt).HasConversion<UnixMillisecondsConverter>();
        });
    }
}
