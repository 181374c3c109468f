namespace ConnexIdP.Core.Defence;

/// <summary>What <see cref="ClientBackoff.ReadAsync"/> found for the keys of one client authentication.</summary>
/// <param name="Keys">Every key of the attempt (client id, and source address when known).</param>
/// <param name="WithFailures">The keys with failures on record: the only ones a success has to reset.</param>
/// <param name="Refusal">Null when the secret may be checked now; otherwise the longest wait among the keys.</param>
/// <param name="Label">Taken before the counters were read: what a success remembers the keys under.</param>
public sealed record ClientBackoffReading(IReadOnlyList<string> Keys, IReadOnlyList<string> WithFailures, DefenceRefusal? Refusal, FailureFreeKeys.Label Label);
