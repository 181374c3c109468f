using System.Net;

namespace ConnexIdP.Bench.CredentialStuffing;

/// <summary>What one attacking source got: its attempts by answer, and the attempt at which it was first refused by a block.</summary>
internal sealed class AttackResult(string source)
{
    private int _attempts;
    private int _checked;
    private int _throttled;
    private int _busy;
    private int _blocked;
    private int _firstBlockedAt = int.MaxValue;

    public string Source => source;

    public int Attempts => _attempts;

    /// <summary>Attempts whose password was checked (a wrong password: 401; a right one: 303).</summary>
    public int Checked => _checked;

    /// <summary>Refused by the account's backoff or lockout (429): nothing was checked.</summary>
    public int Throttled => _throttled;

    /// <summary>Refused because password hashing was at capacity (503).</summary>
    public int Busy => _busy;

    /// <summary>Refused by a source block (403), before any work.</summary>
    public int Blocked => _blocked;

    public int? FirstBlockedAt => _firstBlockedAt == int.MaxValue ? null : _firstBlockedAt;

    public void Count(int attempt, HttpStatusCode status)
    {
        Interlocked.Increment(ref _attempts);
        switch (status)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.SeeOther:
                Interlocked.Increment(ref _checked);
                break;
            case HttpStatusCode.TooManyRequests:
                Interlocked.Increment(ref _throttled);
                break;
            case HttpStatusCode.ServiceUnavailable:
                Interlocked.Increment(ref _busy);
                break;
            case HttpStatusCode.Forbidden:
                Interlocked.Increment(ref _blocked);
                int seen;
                while (attempt < (seen = _firstBlockedAt) && Interlocked.CompareExchange(ref _firstBlockedAt, attempt, seen) != seen)
                {
                }

                break;
            default:
                throw new InvalidOperationException($"{source}: unexpected answer {(int)status} to attempt {attempt}.");
        }
    }
}
