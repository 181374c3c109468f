namespace ConnexIdP.Core.Accounts;

public enum AccountError
{
    None = 0,
    InvalidEmail,
    InvalidPassword,
    InvalidName,
    DuplicateEmail,
    NotFound,
    WrongPassword,
    RegistrationClosed,
}
