namespace ConnexIdP.Core.Accounts;

public sealed record NewAccount(string Email, string? DisplayName, string Password, bool IsAdmin);
