using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.Passwords;
using ConnexIdP.Server.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ConnexIdP.Server.Pages.Account;

/// <summary>
/// Self-service registration, when <c>Registration:Enabled</c> is set. A registration for an email that already has an
/// account gets the same page, status and timing as a new one.
/// </summary>
public sealed class RegisterModel(AccountService accounts, AccountCredentialService credentials, PasswordPolicy policy) : AccountPageModel(accounts)
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Received { get; private set; }

    public int MinimumLength => policy.MinimumLength(new PasswordContext(null, PasswordOrigin.Person));

    public IActionResult OnGet() => credentials.RegistrationEnabled ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!credentials.RegistrationEnabled)
        {
            return NotFound();
        }

        if (Email is { Length: > EmailAddress.MaxLength })
        {
            Email = null;
        }

        var result = await credentials.RegisterAsync(Email, DisplayName, Password, SecurityEventRequest.Describe(HttpContext), cancellationToken);
        Password = null;
        if (!result.Succeeded)
        {
            return Refused(result.Error, result.Message, result.RetryAfterSeconds);
        }

        Received = true;
        return Page();
    }
}
