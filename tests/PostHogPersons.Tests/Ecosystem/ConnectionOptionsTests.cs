using System.Net;
using System.Net.Http;
using PostHogPersons.Client;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Ecosystem;

/// <summary>-Proxy, -ProxyCredential, -ProxyUseDefaultCredentials and -SkipCertificateCheck.</summary>
public sealed class ConnectionOptionsTests : IDisposable
{
    private const string Connect = ",PostHogPersons.Commands.ConnectPHProjectCommand";
    private const string First = "/api/projects/1/persons/?limit=1";

    private readonly HostedPowerShell _shell = new();
    private readonly StubPostHog _stub = new(_ => new StubAnswer(200, StubPostHog.PersonsPage("{\"plan\":\"pro\"}")));

    public void Dispose()
    {
        _shell.Invoke("Disconnect-PHProject");
        _shell.Dispose();
        _stub.Dispose();
    }

    private static PHPerson Person(ScriptResult result)
    {
        Assert.Empty(result.Errors);
        return (PHPerson)Assert.Single(result.Output).BaseObject;
    }

    [Fact]
    public void Requests_go_through_the_given_proxy()
    {
        using var proxy = new ForwardProxy();
        var context = (PHContext)_shell.ConnectTo(_stub.BaseUrl, $"-Proxy {proxy.Url} -PassThru")
            .Output.Single().BaseObject;

        PHPerson person = Person(_shell.Invoke("Get-PHPerson -First 1"));

        Assert.Equal("pro", person.Properties["plan"]);
        Assert.Equal(new[] { ($"GET {_stub.BaseUrl}{First} HTTP/1.1", (string)null) }, proxy.Seen);
        Assert.Equal(new[] { First }, _stub.Targets);
        Assert.Equal(new Uri(proxy.Url), context.Proxy);
    }

    [Fact]
    public void ProxyCredential_answers_the_proxys_Basic_challenge()
    {
        using var proxy = new ForwardProxy(new NetworkCredential("proxy-user", "proxy-pass"));
        _shell.Invoke(
            "$cred = [pscredential]::new('proxy-user', (ConvertTo-SecureString 'proxy-pass' -AsPlainText -Force))");
        _shell.ConnectTo(_stub.BaseUrl, $"-Proxy {proxy.Url} -ProxyCredential $cred");

        Person(_shell.Invoke("Get-PHPerson -First 1"));

        string line = $"GET {_stub.BaseUrl}{First} HTTP/1.1";
        Assert.Equal(new[] { (line, (string)null), (line, "Basic cHJveHktdXNlcjpwcm94eS1wYXNz") }, proxy.Seen);
        Assert.Equal(new[] { First }, _stub.Targets);
    }

    [Fact]
    public void The_system_proxy_from_HTTP_PROXY_is_used_when_no_Proxy_is_given()
    {
        using var proxy = new ForwardProxy();
        var environment = new Dictionary<string, string>
        {
            ["HTTP_PROXY"] = proxy.Url, ["http_proxy"] = null, ["NO_PROXY"] = null, ["no_proxy"] = null,
        };

        ChildResult result = ChildPowerShell.Run(environment, "-NonInteractive", "-Command",
            $"Import-Module '{HostedPowerShell.ModulePath}'; "
            + $"Connect-PHProject -ApiHost {_stub.BaseUrl} -ProjectId 1 "
            + "-ApiKey (ConvertTo-SecureString 'phx_child' -AsPlainText -Force); "
            + "(Get-PHPerson -First 1).Properties.plan");

        Assert.Equal(new[] { "pro" }, result.Lines);
        Assert.Equal(new[] { ($"GET {_stub.BaseUrl}{First} HTTP/1.1", (string)null) }, proxy.Seen);
    }

    [Fact]
    public void Without_Proxy_the_request_goes_straight_to_the_server()
    {
        using var proxy = new ForwardProxy();
        _shell.ConnectTo(_stub.BaseUrl);

        Person(_shell.Invoke("Get-PHPerson -First 1"));

        Assert.Empty(proxy.Seen);
        Assert.Equal(new[] { First }, _stub.Targets);
    }

    [Theory]
    [InlineData("-Proxy ftp://127.0.0.1:21", "InvalidProxy")]
    [InlineData("-Proxy http://user:pw@127.0.0.1:3128", "InvalidProxy")]
    [InlineData(
        "-Proxy http://127.0.0.1:3128 -ProxyUseDefaultCredentials -ProxyCredential $cred",
        "ProxyCredentialConflict")]
    public void Unusable_proxy_settings_are_refused_before_connecting(string arguments, string id)
    {
        _shell.Invoke("$cred = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))");

        ScriptResult result = _shell.ConnectTo(_stub.BaseUrl, arguments);

        Assert.Equal(new[] { id + Connect }, result.ErrorIds);
        Assert.Empty(_shell.Invoke("Get-PHContext").Output);
    }

    [Fact]
    public void The_handler_honours_the_system_proxy_by_default_and_takes_the_options()
    {
        using var plain = (HttpClientHandler)NetworkOptions.CreateHandler(null);
        using var withDefault = (HttpClientHandler)NetworkOptions.CreateHandler(new NetworkOptions
        {
            Proxy = new Uri("http://127.0.0.1:3128"),
            ProxyUseDefaultCredentials = true,
            SkipCertificateCheck = true,
        });
        var credential = new NetworkCredential("u", "p");
        using var systemWithCredential = (HttpClientHandler)NetworkOptions.CreateHandler(
            new NetworkOptions { ProxyCredentials = credential });

        Assert.True(plain.UseProxy);
        Assert.Null(plain.Proxy);
        Assert.Null(plain.ServerCertificateCustomValidationCallback);
        Assert.False(plain.AllowAutoRedirect);
        var proxy = Assert.IsType<WebProxy>(withDefault.Proxy);
        Assert.Equal(
            (new Uri("http://127.0.0.1:3128"), true, false),
            (proxy.Address, proxy.UseDefaultCredentials, proxy.BypassProxyOnLocal));
        Assert.NotNull(withDefault.ServerCertificateCustomValidationCallback);
        Assert.Null(systemWithCredential.Proxy);
        Assert.Same(credential, systemWithCredential.DefaultProxyCredentials);
    }

    [Fact]
    public void A_self_signed_certificate_fails_unless_SkipCertificateCheck_which_warns()
    {
        using var tls = new StubPostHog(
            _ => new StubAnswer(200, StubPostHog.PersonsPage("{\"plan\":\"tls\"}")), https: true);
        _shell.ConnectTo(tls.BaseUrl, "-MaximumRetryCount 0");

        ScriptResult refused = _shell.Invoke("Get-PHPerson -First 1");
        ScriptResult connect = _shell.ConnectTo(tls.BaseUrl, "-SkipCertificateCheck -PassThru");
        ScriptResult accepted = _shell.Invoke("Get-PHPerson -First 1");

        Assert.Equal(new[] { "ConnectionFailed,PostHogPersons.Commands.GetPHPersonCommand" }, refused.ErrorIds);
        Assert.StartsWith("The connection failed: ", refused.Errors[0].Exception.Message);
        Assert.Equal(
            "-SkipCertificateCheck: the server's certificate is not checked, so whoever can intercept the "
            + "connection can read the API key. Use it only with test servers.",
            Assert.Single(connect.Warnings));
        Assert.True(((PHContext)connect.Output.Single().BaseObject).SkipCertificateCheck);
        Assert.Equal("tls", Person(accepted).Properties["plan"]);
        Assert.Equal(new[] { First }, tls.Targets);
    }
}
