using ConnexIdP.Samples.RelyingParty;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var settings = new RelyingPartySettings
{
    Authority = new Uri(configuration["ConnexIdP:Authority"] ?? "https://localhost:5001/"),
    ClientId = configuration["ConnexIdP:ClientId"] ?? "sample-rp",
    ClientSecret = configuration["ConnexIdP:ClientSecret"],
};

var app = RelyingPartyApp.Build(settings, args);
await app.RunAsync();
