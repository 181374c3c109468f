namespace ConnexIdP.Core.Credentials;

/// <summary>How many stored credentials name one pepper id: account password hashes, and client secrets (which carry a pepper too).</summary>
public sealed record PepperUsage(string Id, PepperRole Role, long Accounts, long ClientSecrets)
{
    /// <summary>A previous pepper nothing names any more: it can be removed from the configuration.</summary>
    public bool CanBeRetired => Role == PepperRole.Previous && Accounts == 0 && ClientSecrets == 0;
}
