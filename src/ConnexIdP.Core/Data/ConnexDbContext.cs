using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Security.Blocks;
using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Data;

/// <summary>The product's database: accounts, change counters, and OpenIddict's applications, authorizations, scopes and tokens.</summary>
public sealed class ConnexDbContext(DbContextOptions<ConnexDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<ChangeCounter> ChangeCounters => Set<ChangeCounter>();

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
        });

        modelBuilder.Entity<ChangeCounter>(counter =>
        {
            counter.ToTable("change_counters");
            counter.HasKey(c => c.Name);
            counter.Property(c => c.Name).HasMaxLength(64);
            counter.HasData(new ChangeCounter { Name = ChangeCounter.ClientConfiguration, Value = 0 });
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
            if (Database.IsSqlite())
            {
                // SQLite stores DateTimeOffset as text, which it cannot compare in a query; as a number it can (all times are UTC).
                var asNumber = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter();
                block.Property(b => b.CreatedAt).HasConversion(asNumber);
                block.Property(b => b.ExpiresAt).HasConversion(asNumber);
                block.Property(b => b.LiftedAt).HasConversion(asNumber);
            }
        });
    }
}
