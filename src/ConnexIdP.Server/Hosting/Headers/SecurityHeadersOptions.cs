using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Server.Hosting.Headers;

/// <summary>Configuration section <c>Headers</c>: the browser-hardening headers on every response.</summary>
internal sealed class SecurityHeadersOptions
{
    public const string Section = "Headers";

    /// <summary>
    /// No inline script or style in our pages (they load /js and /css files), no framing. The one hash allows exactly the
    /// script OpenIddict writes into its <c>response_mode=form_post</c> page (<c>document.form.submit();</c>), which
    /// cannot carry a nonce. No <c>form-action</c>: browsers apply it to the redirects after a form post, which end at
    /// each client's own redirect URI.
    /// </summary>
    [Required]
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self' '" + FormPostScriptHash + "'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>CSP hash of OpenIddict 7.8's form_post auto-submit script; a test fails if OpenIddict changes it.</summary>
    public const string FormPostScriptHash = "sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI=";

    /// <summary>Powerful features the pages never use are switched off; WebAuthn (publickey-credentials-*) keeps its same-origin default.</summary>
    [Required]
    public string PermissionsPolicy { get; set; } =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

    [Required]
    public string ReferrerPolicy { get; set; } = "no-referrer";

    public HstsSection Hsts { get; set; } = new();

    public sealed class HstsSection
    {
        /// <summary>Sent on HTTPS responses outside Development (a year of HSTS on localhost would follow a developer everywhere).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>At least a year (RFC 6797; what preload lists require).</summary>
        [Range(typeof(TimeSpan), "365.00:00:00", "730.00:00:00")]
        public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

        public bool IncludeSubDomains { get; set; } = true;

        /// <summary>Adds <c>preload</c>: only once every subdomain serves HTTPS, since browsers ship the list and removal takes months.</summary>
        public bool Preload { get; set; }

        public string Value() =>
            $"max-age={(long)MaxAge.TotalSeconds}" + (IncludeSubDomains ? "; includeSubDomains" : "") + (Preload ? "; preload" : "");
    }
}
