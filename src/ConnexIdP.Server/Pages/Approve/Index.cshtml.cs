using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages.Approve;

/// <summary>
/// ConnexIdP Approve: the installable web app (manifest and service worker under <c>/approve/</c>) that a phone keeps open
/// to approve sign-ins. The page itself holds nothing: its script (<c>approve/approve.js</c>) talks to
/// <see cref="SecondFactors.ApproveController"/>, with the device's WebAuthn credential as its only proof.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
internal sealed class IndexModel : PageModel
{
}
