using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConnexIdP.Server.Pages;

/// <summary>Error page for browsers: says what kind of problem it is and nothing about the server's internals.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "The request could not be completed. Please try again.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            400 => ("Bad request", "The request was malformed or is missing something. Go back to the application and start again."),
            404 => ("Not found", "There is nothing at this address."),
            405 => ("Not allowed", "This address does not accept that kind of request."),
            _ => (Title, Message),
        };
    }
}
