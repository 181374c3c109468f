using System.Runtime.InteropServices;
using ConnexIdP.Core.Clients;

namespace ConnexIdP.Core.Credentials;

/// <summary>
/// Counts stored credentials one at a time, in memory that grows with the number of distinct peppers and costs only,
/// never with the number of accounts. The counting rules of <see cref="PasswordHashCensus"/>, apart from the database.
/// </summary>
internal sealed class PasswordHashTally(PepperRing peppers, Argon2Parameters current)
{
    private readonly HashSet<string> _previous = new(peppers.PreviousIds, StringComparer.Ordinal);
    private readonly Dictionary<string, long> _accountsByPepper = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _secretsByPepper = new(StringComparer.Ordinal);
    private readonly Dictionary<Argon2Parameters, long> _accountsByParameters = [];
    private long _accounts;
    private long _withoutPassword;
    private long _unreadable;
    private long _rehashPending;

    public void AddAccount(string? storedHash)
    {
        _accounts++;
        if (storedHash is null)
        {
            _withoutPassword++;
            return;
        }

        if (!PasswordHashFormat.TryParse(storedHash, out var hash))
        {
            _unreadable++;
            return;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_accountsByPepper, hash.PepperId, out _)++;
        CollectionsMarshal.GetValueRefOrAddDefault(_accountsByParameters, hash.Parameters, out _)++;
        if (RoleOf(hash.PepperId) != PepperRole.NotConfigured && !hash.IsUpToDate(current, peppers.Current.Id))
        {
            _rehashPending++;
        }
    }

    /// <summary>Counts a client's stored secret under its pepper; secrets in another format (or none) carry no pepper.</summary>
    public void AddClientSecret(string? stored)
    {
        if (ClientSecretHasher.TryReadPepperId(stored, out var pepperId))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_secretsByPepper, pepperId, out _)++;
        }
    }

    public PasswordHashCensusReport ToReport()
    {
        var notConfigured = _accountsByPepper.Keys.Concat(_secretsByPepper.Keys)
            .Where(id => RoleOf(id) == PepperRole.NotConfigured)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var peppersFound = peppers.PreviousIds.Prepend(peppers.Current.Id).Concat(notConfigured)
            .Select(id => new PepperUsage(id, RoleOf(id), _accountsByPepper.GetValueOrDefault(id), _secretsByPepper.GetValueOrDefault(id)))
            .ToList();

        var parametersFound = _accountsByParameters.Keys.Where(p => p != current)
            .OrderByDescending(p => _accountsByParameters[p])
            .ThenByDescending(p => p.MemoryKiB).ThenByDescending(p => p.Iterations).ThenByDescending(p => p.Parallelism)
            .Prepend(current)
            .Select(p => new Argon2Usage(p, StandingOf(p), _accountsByParameters.GetValueOrDefault(p)))
            .ToList();

        return new PasswordHashCensusReport(_accounts, _withoutPassword, _unreadable, _rehashPending, peppersFound, parametersFound);
    }

    // Not PepperRing.TryGet: a census is no verification, and an id it does not know is its finding, not an error to log.
    private PepperRole RoleOf(string pepperId) =>
        pepperId == peppers.Current.Id ? PepperRole.Current
        : _previous.Contains(pepperId) ? PepperRole.Previous
        : PepperRole.NotConfigured;

    private Argon2Standing StandingOf(Argon2Parameters parameters) =>
        parameters == current ? Argon2Standing.Current
        : parameters.IsAtLeast(current) ? Argon2Standing.Stronger
        : Argon2Standing.Weaker;
}
