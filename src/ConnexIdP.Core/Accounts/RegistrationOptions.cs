namespace ConnexIdP.Core.Accounts;

/// <summary>Configuration section <c>Registration</c>: whether people may create their own accounts.</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Registration";

    /// <summary>Off by default: most deployments create accounts with the admin command line only.</summary>
    public bool Enabled { get; set; }
}
