using Gateway.Api.Errors;
using Gateway.Api.V1;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>
/// gateway.v1.Alerts: the messages are defined; the alert engine (paging, acknowledgements, escalation) lands with the
/// alerts work (issue 10). Until then every method answers UNIMPLEMENTED saying so, rather than inventing data.
/// </summary>
public sealed class AlertsService : V1.Alerts.AlertsBase
{
    private const string NotYet = "alerts land with the alerts work (issue 10): paging, acknowledgements and escalation are not available in this build";

    public override Task<Alert> Broadcast(BroadcastRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(NotYet);

    public override Task<Alert> GetAlert(GetAlertRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(NotYet);

    public override Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(NotYet);

    public override Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(NotYet);

    public override Task<Alert> CancelAlert(CancelAlertRequest request, ServerCallContext context) => throw ApiErrors.Unimplemented(NotYet);
}
