using System.Security.Cryptography;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Credentials;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Credentials;

/// <summary>What an operator reads before retiring a pepper or a cost: every stored credential counted where it belongs.</summary>
public sealed class PasswordHashTallyTests
{
    private static readonly Pepper Old = new("old", RandomNumberGenerator.GetBytes(32));
    private static readonly Pepper New = new("new", RandomNumberGenerator.GetBytes(32));
    private static readonly Pepper Removed = new("removed", RandomNumberGenerator.GetBytes(32));
    private static readonly Argon2Parameters Today = new(128, 2, 1);

    /// <summary>This process's configuration: <c>new</c> current, <c>old</c> previous, <c>removed</c> gone.</summary>
    private static readonly PepperRing Ring = new([New, Old], New.Id);

    [Fact]
    public void Hashes_are_counted_by_pepper_and_by_cost_against_the_configuration()
    {
        var tally = new PasswordHashTally(Ring, Today);
        tally.AddAccount(Hash(Old, new(64, 1, 1)));
        tally.AddAccount(Hash(Old, Today));
        tally.AddAccount(Hash(New, Today));
        tally.AddAccount(Hash(New, Today));
        tally.AddAccount(Hash(New, new(64, 1, 1)));
        tally.AddAccount(Hash(New, new(256, 2, 1)));
        tally.AddAccount(Hash(Removed, Today));
        tally.AddAccount(null);
        tally.AddAccount("$2b$10$abcdefghijklmnopqrstuv");

        var report = tally.ToReport();

        Assert.Equal(9, report.Accounts);
        Assert.Equal(1, report.WithoutPassword);
        Assert.Equal(1, report.Unreadable);
        Assert.Equal(
            [new("new", PepperRole.Current, 4, 0), new("old", PepperRole.Previous, 2, 0), new PepperUsage("removed", PepperRole.NotConfigured, 1, 0)],
            report.Peppers);
        Assert.Equal(
            [new(Today, Argon2Standing.Current, 4), new(new(64, 1, 1), Argon2Standing.Weaker, 2), new Argon2Usage(new(256, 2, 1), Argon2Standing.Stronger, 1)],
            report.Parameters);

        // Both hashes under the old pepper and the weak one under the new; not the one under a pepper nobody can verify.
        Assert.Equal(3, report.RehashPending);
    }

    [Fact]
    public void Client_secrets_are_counted_under_their_pepper_too()
    {
        var tally = new PasswordHashTally(Ring, Today);
        tally.AddClientSecret(SecretHash(Old));
        tally.AddClientSecret(SecretHash(Removed));
        tally.AddClientSecret(null);
        tally.AddClientSecret("AQAAAAEAACcQAAAAEPBKDF2-made-by-openiddict");

        var report = tally.ToReport();

        Assert.Equal(0, report.Accounts);
        Assert.Equal(
            [new("new", PepperRole.Current, 0, 0), new("old", PepperRole.Previous, 0, 1), new PepperUsage("removed", PepperRole.NotConfigured, 0, 1)],
            report.Peppers);
        Assert.False(report.Peppers[1].CanBeRetired);
    }

    [Fact]
    public void A_previous_pepper_nothing_names_can_be_retired_and_todays_costs_are_listed_even_unused()
    {
        var tally = new PasswordHashTally(Ring, Today);
        tally.AddAccount(Hash(New, new(64, 1, 1)));

        var report = tally.ToReport();

        Assert.True(report.Peppers.Single(p => p.Id == "old").CanBeRetired);
        Assert.False(report.Peppers.Single(p => p.Id == "new").CanBeRetired);
        Assert.Equal(new Argon2Usage(Today, Argon2Standing.Current, 0), report.Parameters[0]);
        Assert.Equal(1, report.RehashPending);
    }

    private static string Hash(Pepper pepper, Argon2Parameters parameters)
    {
        var options = Options.Create(new PasswordHashingOptions
        {
            Argon2 = new() { MemoryKiB = parameters.MemoryKiB, Iterations = parameters.Iterations, Parallelism = parameters.Parallelism },
        });
        return new PasswordHasher(new PepperRing([pepper], pepper.Id), options).Hash("correct horse battery staple", "ada@example.com");
    }

    private static string SecretHash(Pepper pepper) => new ClientSecretHasher(new PepperRing([pepper], pepper.Id)).Hash(ClientSecretHasher.Generate());
}
