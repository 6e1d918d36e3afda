using System.Net.Sockets;
using System.Text;

namespace GoLive.Gateway.Haproxy;

/// <summary>
/// One HAProxy Runtime API endpoint (<c>stats socket ... level admin</c>): <c>host:port</c> over TCP or
/// <c>unix:/path</c>. One command per connection (HAProxy answers, then closes): send <c>cmd\n</c>, read to the end.
/// </summary>
public sealed class HaproxyRuntimeApi(string address, TimeSpan timeout)
{
    public string Address { get; } = address;

    public async Task<string> SendAsync(string command, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var socket = await ConnectAsync(cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, cts.Token);
            var buffer = new byte[16 * 1024];
            var answer = new MemoryStream();
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
            return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer to '{command}' within {timeout.TotalMilliseconds:0} ms");
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        if (Address.StartsWith("unix:", StringComparison.Ordinal))
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(Address["unix:".Length..]), ct);
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }
        var colon = Address.LastIndexOf(':');
        var host = Address[..colon].Trim('[', ']');
        var port = int.Parse(Address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, ct);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
