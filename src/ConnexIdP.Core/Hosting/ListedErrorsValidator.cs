using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Hosting;

/// <summary>Validates options whose class lists its own errors (each naming its key), so start-up fails with all of them at once.</summary>
internal sealed class ListedErrorsValidator<TOptions>(Func<TOptions, IEnumerable<string>> errorsOf) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = errorsOf(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
