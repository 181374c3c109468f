namespace ConnexIdP.Server.Hosting;

/// <summary>Builds the server: used by Program and by the integration tests, which start it on a real port.</summary>
public static class ConnexServerApp
{
    /// <param name="args">Command-line arguments; any configuration key can be given as <c>--Section:Key=value</c>.</param>
    /// <param name="customize">Lets tests replace services (a fake clock) before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,

            // appsettings*.json and wwwroot sit beside the binaries; relative data and key paths resolve against the working directory.
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });

        builder.AddConnexServer();
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseConnexServer();
        return app;
    }
}
