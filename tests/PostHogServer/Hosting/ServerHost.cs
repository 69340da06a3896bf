using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PostHogServer.Api;
using PostHogServer.Control;

namespace PostHogServer.Hosting;

/// <summary>Builds and runs the web application on 127.0.0.1.</summary>
public static class ServerHost
{
    /// <summary>Runs the server until it is stopped; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ServerOptions options)
    {
        var state = new ServerState(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder.Logging);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });

        var app = builder.Build();
        ControlEndpoints.Map(app, state);
        var pipeline = new ApiPipeline(state);
        app.Map("/{**path}", pipeline.HandleAsync);

        try
        {
            await app.StartAsync();
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"PostHogServer: cannot listen on 127.0.0.1:{options.Port}: "
                + exception.Message);
            return 1;
        }

        AnnounceAddress(app);
        if (options.ExitOnStdinClose)
        {
            StdinWatcher.StopOnEndOfInput(app.Lifetime);
        }

        await app.WaitForShutdownAsync();
        return 0;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddSimpleConsole();
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static void AnnounceAddress(WebApplication app)
    {
        var server = app.Services.GetRequiredService<IServer>();
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var stdout = Console.Out;
        stdout.WriteLine($"PostHogServer listening on http://127.0.0.1:{port}");
        stdout.Flush();
    }
}
