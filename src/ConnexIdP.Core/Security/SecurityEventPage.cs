namespace ConnexIdP.Core.Security;

/// <summary>One page of events, newest first, and the cursor for the next (null on the last page).</summary>
public sealed record SecurityEventPage(IReadOnlyList<SecurityEvent> Events, long? NextBefore);
