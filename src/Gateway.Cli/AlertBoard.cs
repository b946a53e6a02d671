using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Cli;

/// <summary>
/// <c>gatewayctl alerts ID</c>: one alert's response board, redrawn on every change of the alert (Events.Subscribe,
/// kind ALERT) until the alert ends or Ctrl-C. In a terminal the board is redrawn in place; when the output is
/// redirected each update is appended after a blank line, so a log or a test sees every state.
/// </summary>
internal sealed class AlertBoard
{
    private readonly Alerts.AlertsClient _alerts;
    private readonly Events.EventsClient _events;
    private readonly Metadata _headers;
    private readonly TextWriter _out;
    private readonly bool _redraw;

    public AlertBoard(CallInvoker invoker, Metadata headers, TextWriter output, bool redrawInPlace)
    {
        _alerts = new Alerts.AlertsClient(invoker);
        _events = new Events.EventsClient(invoker);
        _headers = headers;
        _out = output;
        _redraw = redrawInPlace;
    }

    public static bool IsOpen(Alert alert) => alert.State is not (AlertState.Completed or AlertState.Expired or AlertState.Cancelled);

    /// <summary>Prints the board: the state and counts, then one row per unit.</summary>
    public static void Print(TextWriter output, Alert alert)
    {
        var step = alert.EscalationStep > 0 ? $" (escalation step {alert.EscalationStep})" : string.Empty;
        output.WriteLine($"alert {alert.Id}: {Commands.Lower(alert.State.ToString())}{step}, created {Commands.Time(alert.CreatedAt)} by {alert.CreatedBy}");
        if (alert.Counts is { } c)
        {
            output.WriteLine($"acknowledged {c.Acknowledged}/{c.Targeted}: ≤1 min {c.Within1Minute}, ≤3 min {c.Within3Minutes}, ≤5 min {c.Within5Minutes}, outstanding {c.Outstanding}");
        }

        Table.Print(output, ["UNIT", "NOTIFIED", "ACKNOWLEDGED", "VIA", "RESPONSE"], alert.Units.Select(u => new[]
        {
            u.UnitId, Commands.Time(u.NotifiedAt), Commands.Time(u.AcknowledgedAt), u.Via == AckSource.Unspecified ? string.Empty : Commands.Lower(u.Via.ToString()),
            u.AcknowledgedAt is null ? (u.CheckedOut ? "checked out" : "waiting") : $"{u.ResponseMs / 1000.0:F0} s",
        }));
        Commands.PrintRegroup(output, alert);
    }

    /// <summary>Follows the alert until it ends (exit 0) or <paramref name="ct"/> is cancelled (Ctrl-C, exit 0).</summary>
    public async Task<int> FollowAsync(string alertId, CancellationToken ct)
    {
        // Subscribe before the first read, so a change between the two is not missed.
        var request = new SubscribeRequest { Kinds = { EventKind.Alert } };
        using var stream = _events.Subscribe(request, _headers, cancellationToken: ct);
        try
        {
            var alert = await _alerts.GetAlertAsync(new GetAlertRequest { AlertId = alertId }, _headers, cancellationToken: ct);
            Show(alert, first: true);
            while (IsOpen(alert))
            {
                if (!await NextChangeAsync(stream, alertId, ct))
                {
                    await _out.WriteLineAsync("alerts: the event stream ended; the board is no longer live");
                    return 1;
                }

                alert = await _alerts.GetAlertAsync(new GetAlertRequest { AlertId = alertId }, _headers, cancellationToken: ct);
                Show(alert, first: false);
            }
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Ctrl-C: the last board stays on screen.
        }

        return 0;
    }

    private static async Task<bool> NextChangeAsync(AsyncServerStreamingCall<Event> stream, string alertId, CancellationToken ct)
    {
        while (await stream.ResponseStream.MoveNext(ct))
        {
            if (stream.ResponseStream.Current is { DetailCase: Event.DetailOneofCase.Alert } e && e.Alert.AlertId == alertId)
            {
                return true;
            }
        }

        return false;
    }

    private void Show(Alert alert, bool first)
    {
        if (_redraw)
        {
            _out.Write("\u001b[H\u001b[2J"); // home + clear: redraw in place
        }
        else if (!first)
        {
            _out.WriteLine();
        }

        Print(_out, alert);
        if (IsOpen(alert))
        {
            _out.WriteLine(_redraw ? "(live: updates on every change; Ctrl-C to stop)" : "(live)");
        }

        _out.Flush();
    }
}
