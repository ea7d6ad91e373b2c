using System.Net;
using System.Net.Sockets;
using McpOrchestrator.Core.Configs;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Keeps the service's own HTTP and SSE connections to MCP servers (probes, live connections) away from addresses an
/// outsider must not reach through it. Never: link-local (169.254.0.0/16, fe80::/10), cloud metadata endpoints
/// (fd00:ec2::254, 100.100.100.200, <c>metadata.google.internal</c> and similar names), unspecified, multicast and
/// broadcast addresses. Loopback and private networks only when <see cref="McpOptions.AllowPrivateNetworks"/> is on.
/// The URL's host is checked up front (<see cref="CheckUrlAsync"/>: literal, then every address it resolves to), and
/// again at every TCP connect of the <see cref="HttpClient"/> (<see cref="CreateHandler"/>: the connect hook resolves
/// the name itself, checks every address and connects only to those, then checks the address actually connected to),
/// so DNS rebinding and redirects cannot get around it. Redirects are not followed and no proxy is used.
/// </summary>
public sealed class NetworkGuard(IOptions<McpOptions> options)
{
    private static readonly HashSet<string> MetadataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "metadata.azure.internal", "metadata.azure.com",
        "instance-data", "instance-data.ec2.internal", "metadata.tencentyun.com", "metadata.platformequinix.com",
        "metadata.packet.net", "metadata.oraclecloud.com",
    };

    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");
    private static readonly IPAddress AlibabaMetadata = IPAddress.Parse("100.100.100.200");

    private bool AllowPrivate => options.Value.AllowPrivateNetworks == true;

    /// <summary>What an address is, for this guard.</summary>
    public enum AddressClass
    {
        Public,

        /// <summary>Loopback, private (RFC 1918, CGNAT 100.64/10, unique local fc00::/7): allowed by setting.</summary>
        Private,

        /// <summary>Link-local, metadata, unspecified, multicast, broadcast: never.</summary>
        Forbidden,
    }

    /// <summary>Classifies an address (IPv4-mapped and NAT64 IPv6 addresses as the IPv4 address they carry).</summary>
    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(b => b == 0))
            {
                return Classify(new IPAddress(bytes[12..]));
            }

            if (address.Equals(AwsMetadataV6) || address.IsIPv6LinkLocal || address.IsIPv6Multicast || address.Equals(IPAddress.IPv6Any)
                || (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0))
            {
                return AddressClass.Forbidden;
            }

            return IPAddress.IsLoopback(address) || (bytes[0] & 0xfe) == 0xfc ? AddressClass.Private : AddressClass.Public;
        }

        var v4 = address.GetAddressBytes();
        if ((v4[0] == 169 && v4[1] == 254) || address.Equals(AlibabaMetadata) || v4[0] == 0 || v4[0] >= 224)
        {
            return AddressClass.Forbidden;
        }

        return v4[0] == 127 || v4[0] == 10 || (v4[0] == 172 && (v4[1] & 0xf0) == 16) || (v4[0] == 192 && v4[1] == 168)
            || (v4[0] == 100 && (v4[1] & 0xc0) == 64)
            ? AddressClass.Private
            : AddressClass.Public;
    }

    /// <summary>Whether <paramref name="host"/> names a cloud metadata service.</summary>
    public static bool IsMetadataName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.TrimEnd('.');
        return MetadataNames.Contains(name) || (name.StartsWith("metadata.", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".internal", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Null when the host of <paramref name="url"/> is allowed as written, without resolving it; otherwise
    /// why not. Link-local and metadata literals and names are always refused; loopback and private literals (and
    /// <c>localhost</c>) only when <paramref name="allowPrivate"/> is false.</summary>
    public static string? CheckHost(Uri url, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.IdnHost.Trim('[', ']');
        if (IsMetadataName(host))
        {
            return $"{host} is a cloud metadata endpoint; the service never connects to one";
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return Judge(host, literal, allowPrivate);
        }

        return !allowPrivate && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            ? Judge(host, IPAddress.Loopback, allowPrivate)
            : null;
    }

    /// <summary>Null when the service may connect to this URL server: its host as written, then every address the
    /// name resolves to. A name that does not resolve is left to the connect (which reports <c>host_not_found</c>).</summary>
    public async Task<McpServerException?> CheckUrlAsync(ServerConfig server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!Uri.TryCreate(server.Url, UriKind.Absolute, out var url))
        {
            return null;
        }

        var reason = CheckHost(url, AllowPrivate);
        if (reason is null && !IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out _))
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
                reason = addresses.Select(a => Judge(url.IdnHost, a, AllowPrivate)).FirstOrDefault(r => r is not null);
            }
            catch (SocketException)
            {
                return null;
            }
        }

        return reason is null ? null : Refused(server.Name, reason);
    }

    /// <summary>The primary handler of the MCP <see cref="HttpClient"/>: every connect checked (see the type's
    /// summary), no redirects, no proxy.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = ConnectAsync,
    };

    internal static McpServerException Refused(string server, string reason) =>
        new(server, McpFailureKind.AddressNotAllowed, $"address not allowed: {reason}. Point the entry at a public address{(reason.Contains("private", StringComparison.Ordinal) ? ", or have an administrator set McpOrchestrator__Mcp__AllowPrivateNetworks=true" : string.Empty)}");

    private static string? Judge(string host, IPAddress address, bool allowPrivate) => Classify(address) switch
    {
        AddressClass.Forbidden => $"{host} is (or resolves to) {address}, a link-local, metadata or non-unicast address the service never connects to",
        AddressClass.Private when !allowPrivate => $"{host} is (or resolves to) {address}, a loopback or private address, and private networks are off",
        _ => null,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        if (IsMetadataName(host))
        {
            throw new AddressNotAllowedException($"{host} is a cloud metadata endpoint; the service never connects to one");
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Select(a => Judge(host, a, AllowPrivate)).FirstOrDefault(r => r is not null) is { } reason)
        {
            throw new AddressNotAllowedException(reason);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            if (socket.RemoteEndPoint is IPEndPoint { Address: var connected } && Judge(host, connected, AllowPrivate) is { } late)
            {
                throw new AddressNotAllowedException(late);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
