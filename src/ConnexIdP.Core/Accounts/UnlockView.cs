namespace ConnexIdP.Core.Accounts;

/// <summary>What <c>users unlock</c> and the admin API's unlock did: the email, its account (if any) and how many failure counters it cleared.</summary>
public sealed record UnlockView(string Email, string? AccountId, int CountersCleared);
