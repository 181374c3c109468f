using ConnexIdP.Cli;

return await ConnexCli.RunAsync(args, CliConsole.System);
