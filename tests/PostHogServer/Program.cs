using PostHogServer.Hosting;

var options = ServerOptions.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

return await ServerHost.RunAsync(options);
