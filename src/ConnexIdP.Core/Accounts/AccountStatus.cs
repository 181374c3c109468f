namespace ConnexIdP.Core.Accounts;

public enum AccountStatus
{
    Active = 0,
    Disabled = 1,
}
