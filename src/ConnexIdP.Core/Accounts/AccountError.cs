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

    /// <summary>The password hashing gate was at capacity; nothing was changed.</summary>
    Busy,

    /// <summary>The password counter is in backoff or locked: the password was not checked and nothing was changed.</summary>
    Throttled,
}
