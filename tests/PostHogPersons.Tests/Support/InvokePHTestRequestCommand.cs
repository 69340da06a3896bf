using System.Management.Automation;
using System.Net.Http;
using System.Text;
using PostHogPersons.Client;
using PostHogPersons.Commands;

namespace PostHogPersons.Tests.Support;

/// <summary>
/// A stand-in for the write cmdlets, compiled only into the tests: sends one request of any
/// method to a path under the project through the shared client, inside PHCmdlet's Run (so
/// -MaximumRetryCount, -RetryIntervalSec, -TimeoutSec and Ctrl+C apply), and writes the
/// status code of the answer.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "PHTestRequest")]
[OutputType(typeof(int))]
public sealed class InvokePHTestRequestCommand : PHCmdlet
{
    /// <summary>GET, POST, PATCH, DELETE…</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Method { get; set; }

    /// <summary>The path under api/projects/&lt;id&gt;/, e.g. persons/&lt;uuid&gt;/split/.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Path { get; set; }

    /// <summary>A JSON body, or none.</summary>
    [Parameter(Position = 2)]
    public string Body { get; set; }

    protected override void ProcessRecord()
    {
        PostHogConnection connection = Connection;
        Run(async token =>
        {
            var request = new ApiRequest(new HttpMethod(Method), connection.ProjectPath + Path)
            {
                ExpectJson = false,
                JsonBody = Body == null ? null : Encoding.UTF8.GetBytes(Body),
            };
            using ApiResponse response = await connection.Client.SendAsync(request, this, token);
            int status = (int)response.StatusCode;
            Post(() => WriteObject(status));
        }, Path);
    }
}
