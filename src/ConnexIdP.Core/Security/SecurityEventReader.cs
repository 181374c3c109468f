using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Core.Security;

/// <summary>Reads the security event store with filters and keyset paging, for the admin API and the CLI.</summary>
public sealed class SecurityEventReader(ConnexDbContext db)
{
    public async Task<SecurityEventPage> QueryAsync(SecurityEventQuery query, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(query.Limit, 1, SecurityEventQuery.MaximumLimit);
        var events = db.SecurityEvents.AsNoTracking();
        if (query.From is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        if (query.Type is { } type)
        {
            events = events.Where(e => e.Type == type);
        }

        if (query.AccountId is { } accountId)
        {
            events = events.Where(e => e.AccountId == accountId);
        }

        if (query.ClientId is { } clientId)
        {
            events = events.Where(e => e.ClientId == clientId);
        }

        if (query.Source is { } source)
        {
            events = events.Where(e => e.Source == source);
        }

        if (query.MinimumSeverity is { } severity)
        {
            events = events.Where(e => e.Severity >= severity);
        }

        if (query.Before is { } before)
        {
            events = events.Where(e => e.Id < before);
        }

        // One more than asked tells whether another page follows.
        var page = await events.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return page.Count > limit
            ? new SecurityEventPage(page.GetRange(0, limit), page[limit - 1].Id)
            : new SecurityEventPage(page, null);
    }
}
