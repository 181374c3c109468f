namespace ConnexIdP.Core.Credentials;

/// <summary>What this process can do with hashes made under a pepper id.</summary>
public enum PepperRole
{
    /// <summary>Makes new hashes; its hashes verify.</summary>
    Current,

    /// <summary>Listed under <c>Passwords:PreviousPeppers</c>: its hashes verify and are rewritten at the next sign-in.</summary>
    Previous,

    /// <summary>Named by stored hashes but not configured: they cannot verify.</summary>
    NotConfigured,
}
