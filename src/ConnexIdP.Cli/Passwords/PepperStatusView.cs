using ConnexIdP.Core.Credentials;

namespace ConnexIdP.Cli.Passwords;

/// <summary>The census of stored credentials as the CLI shows it: counts and ids only, never a hash or a secret.</summary>
internal sealed record PepperStatusView(
    long Accounts,
    long WithoutPassword,
    long Unreadable,
    long RehashPending,
    IReadOnlyList<PepperUsage> Peppers,
    IReadOnlyList<PepperStatusView.Argon2Row> Argon2)
{
    public static PepperStatusView From(PasswordHashCensusReport report) => new(
        report.Accounts,
        report.WithoutPassword,
        report.Unreadable,
        report.RehashPending,
        report.Peppers,
        [.. report.Parameters.Select(p => new Argon2Row(
            p.Parameters.ToString(), p.Parameters.MemoryKiB, p.Parameters.Iterations, p.Parameters.Parallelism, p.Standing, p.Accounts))]);

    /// <summary>One set of Argon2id costs, written out as in the hash and cost by cost, so that scripts need not parse it.</summary>
    internal sealed record Argon2Row(string Parameters, int MemoryKib, int Iterations, int Parallelism, Argon2Standing Standing, long Accounts);
}
