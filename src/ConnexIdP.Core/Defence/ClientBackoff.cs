using ConnexIdP.Core.Data;

namespace ConnexIdP.Core.Defence;

/// <summary>
/// Backoff for client authentication, per client id and per source address: read before a secret is checked, counted
/// after it failed (machines send the right secret in parallel, so nothing is claimed in advance as for sign-in). No
/// lockout: these keys are no secret, and a lockout would let anyone switch a client off. Keys known to have no
/// failures (<see cref="FailureFreeKeys"/>) are answered from memory, so the usual token request reads no counter.
/// </summary>
public sealed class ClientBackoff(ConnexDbContext db, FailureCounterStore counters, BackoffSchedule schedule, FailureFreeKeys known, TimeProvider clock)
{
    /// <summary>Whether an attempt on <paramref name="keys"/> may be checked now, and which of them have failures on record.</summary>
    public async Task<ClientBackoffReading> ReadAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var label = await known.LabelAsync(db, cancellationToken);
        List<string>? withFailures = null;
        DefenceRefusal? longest = null;
        foreach (var key in keys)
        {
            if (known.Contains(key, label))
            {
                continue;
            }

            var counter = await counters.ReadAsync(key, cancellationToken);
            if (counter is null)
            {
                continue;
            }

            (withFailures ??= []).Add(key);

            // The time is read after the counter: a failure counted by a concurrent request just before cannot lie in its future.
            var now = clock.GetUtcNow();
            var next = counter.LastFailureAt + schedule.DelayAfter(counter.Failures);
            if (next > now && new DefenceRefusal(next - now) is var refusal && refusal.RetryAfterSeconds > (longest?.RetryAfterSeconds ?? 0))
            {
                longest = refusal;
            }
        }

        return new ClientBackoffReading(keys, withFailures ?? [], longest, label);
    }

    /// <summary>
    /// One more failure on each of <paramref name="keys"/>, with the increment of
    /// <see cref="ChangeCounter.ClientAuthenticationFailures"/> in the same transaction, so no server keeps answering
    /// "no failures" from memory for longer than its check interval.
    /// </summary>
    public async Task FailedAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await ChangeCounterWatch.EnsureExistsAsync(db, ChangeCounter.ClientAuthenticationFailures, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The counter first: on a server database its row lock queues concurrent failure writers, so the counters'
            // update-else-insert below never loses a race on the insert (which would abort a PostgreSQL transaction).
            await ChangeCounterWatch.IncrementAsync(db, ChangeCounter.ClientAuthenticationFailures, cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var key in keys)
            {
                await counters.AddFailureAsync(key, now, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        known.Forget();
    }

    /// <summary>The secret was right: forgets the failures on record, and remembers every key of the attempt as free of them.</summary>
    public async Task SucceededAsync(ClientBackoffReading reading, CancellationToken cancellationToken)
    {
        foreach (var key in reading.WithFailures)
        {
            await counters.ResetAsync(key, cancellationToken);
        }

        foreach (var key in reading.Keys)
        {
            known.Add(key, reading.Label);
        }
    }
}
