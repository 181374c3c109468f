using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// Configuration section <c>Passwords:Blocklist</c>: an optional compiled list of known passwords (built with
/// <c>connexidp passwords blocklist build</c>), consulted besides the list shipped with the product.
/// </summary>
public sealed class PasswordBlocklistOptions : IValidatableObject
{
    public const string Section = "Passwords:Blocklist";

    /// <summary>The compiled blocklist file; relative paths resolve against the working directory.</summary>
    public string? Path { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield break;
        }

        var problem = BlocklistFile.Inspect(Path);
        if (problem is not null)
        {
            yield return new ValidationResult($"{Section}:Path: {problem}", [nameof(Path)]);
        }
    }
}
