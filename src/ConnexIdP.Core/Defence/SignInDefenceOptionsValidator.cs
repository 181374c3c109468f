using ConnexIdP.Core.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Defence;

/// <summary>Stops the start-up on settings that would break the product's promises (a lockout before 10 attempts, none by 100).</summary>
internal sealed class SignInDefenceOptionsValidator(IHostEnvironment environment) : IValidateOptions<SignInDefenceOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInDefenceOptions options)
    {
        var errors = new List<string>();
        var section = SignInDefenceOptions.Section;
        if (options.LockoutThreshold < SignInDefenceOptions.MinimumLockoutThreshold)
        {
            errors.Add($"{section}:LockoutThreshold is {options.LockoutThreshold}; it must be at least {SignInDefenceOptions.MinimumLockoutThreshold}: nobody is locked out before 10 attempts (NIST SP 800-63B), and lower values let an attacker lock people out cheaply.");
        }

        if (options.PermanentLockoutThreshold <= options.LockoutThreshold || options.PermanentLockoutThreshold > SignInDefenceOptions.MaximumPermanentLockoutThreshold)
        {
            errors.Add($"{section}:PermanentLockoutThreshold is {options.PermanentLockoutThreshold}; it must be above {section}:LockoutThreshold and at most {SignInDefenceOptions.MaximumPermanentLockoutThreshold} (NIST SP 800-63B's cap on consecutive failures).");
        }

        // Zero turns the delays off, which only a test suite may want (to count failures without waiting between them).
        if (options.BaseDelay < TimeSpan.Zero || (options.BaseDelay == TimeSpan.Zero && !environment.IsEnvironment(ConnexCoreServiceCollectionExtensions.TestingEnvironment)))
        {
            errors.Add($"{section}:BaseDelay must be positive (zero is allowed only in the {ConnexCoreServiceCollectionExtensions.TestingEnvironment} environment).");
        }

        if (options.MaximumDelay < options.BaseDelay)
        {
            errors.Add($"{section}:MaximumDelay must be at least {section}:BaseDelay.");
        }

        if (options.LockoutPeriod <= TimeSpan.Zero || options.MaximumLockoutPeriod < options.LockoutPeriod)
        {
            errors.Add($"{section}:LockoutPeriod must be positive and {section}:MaximumLockoutPeriod at least as long.");
        }

        if (options.ClientFailureCheckInterval < TimeSpan.Zero || options.ClientFailureCheckInterval > SignInDefenceOptions.MaximumClientFailureCheckInterval)
        {
            errors.Add($"{section}:ClientFailureCheckInterval is {options.ClientFailureCheckInterval}; it must be between 00:00:00 and {SignInDefenceOptions.MaximumClientFailureCheckInterval}: a client secret guessed through another server must be slowed down within that time.");
        }

        if (options.KnownDeviceLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{section}:KnownDeviceLifetime must be positive.");
        }

        if (options.CounterRetention < options.MaximumLockoutPeriod || options.CounterRetention < options.MaximumDelay)
        {
            errors.Add($"{section}:CounterRetention is {options.CounterRetention}; it must be at least {section}:MaximumLockoutPeriod and {section}:MaximumDelay, so that no delay or lock ends early.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
