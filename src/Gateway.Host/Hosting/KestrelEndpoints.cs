using System.Net;
using Gateway.Host.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Host.Hosting;

/// <summary>
/// Two Kestrel endpoints, in this order: gRPC on an HTTP/2-only endpoint (plain-text gRPC fails with HTTP_1_1_REQUIRED on
/// an Http1AndHttp2 endpoint, because h2c cannot be negotiated) and <c>/metrics</c> on an HTTP/1.1 endpoint (Prometheus
/// scrapes over HTTP/1.1).
/// </summary>
internal static class KestrelEndpoints
{
    public static void Configure(KestrelServerOptions kestrel, GatewayOptions options, ListenAddress grpc, ListenAddress metrics)
    {
        Listen(kestrel, grpc, HttpProtocols.Http2, endpoint =>
        {
            if (grpc.IsHttps)
            {
                endpoint.UseHttps(options.Grpc.CertificatePath!, options.Grpc.CertificatePassword);
            }
        });
        Listen(kestrel, metrics, HttpProtocols.Http1, _ => { });
        kestrel.AddServerHeader = false;
    }

    private static void Listen(KestrelServerOptions kestrel, ListenAddress address, HttpProtocols protocols, Action<ListenOptions> configure)
    {
        if (address.Address is null && address.Port != 0)
        {
            // localhost: both 127.0.0.1 and ::1.
            kestrel.ListenLocalhost(address.Port, endpoint => Apply(endpoint, protocols, configure));
        }
        else
        {
            kestrel.Listen(address.Address ?? IPAddress.Loopback, address.Port, endpoint => Apply(endpoint, protocols, configure));
        }
    }

    private static void Apply(ListenOptions endpoint, HttpProtocols protocols, Action<ListenOptions> configure)
    {
        endpoint.Protocols = protocols;
        configure(endpoint);
    }
}
