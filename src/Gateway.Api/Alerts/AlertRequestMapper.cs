using Gateway.Api.Errors;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using AlertAudio = Gateway.Core.Alerts.AlertAudio;
using AlertEngine = Gateway.Core.Alerts.AlertEngine;
using AlertSignalling = Gateway.Core.Alerts.AlertSignalling;
using CoreTwoToneCode = Gateway.Core.Alerts.TwoToneCode;
using SignallingKind = Gateway.Core.Alerts.SignallingKind;
using CoreAlertRequest = Gateway.Core.Alerts.AlertRequest;
using CoreAlertTargets = Gateway.Core.Alerts.AlertTargets;
using CoreAlertVoice = Gateway.Core.Alerts.AlertVoice;
using CoreEscalationAction = Gateway.Core.Alerts.EscalationAction;
using CoreEscalationStep = Gateway.Core.Alerts.EscalationStep;
using CoreNearestUnitsTarget = Gateway.Core.Alerts.NearestUnitsTarget;
using CorePriority = Gateway.Core.Floor.Priority;

namespace Gateway.Api.Alerts;

/// <summary>Turns a gateway.v1 BroadcastRequest into the engine's request; every problem names its field.</summary>
internal static class AlertRequestMapper
{
    public static CoreAlertRequest ToCore(BroadcastRequest request, AlertEngine engine)
    {
        if (request.Targets is null || (request.Targets.TalkGroupIds.Count == 0 && request.Targets.UnitIds.Count == 0 && request.Targets.Nearest is null))
        {
            throw ApiErrors.InvalidArgument("targets", "name at least one talk group, unit or nearest-units target");
        }

        var groups = request.Targets.TalkGroupIds.Select(g => Validate.Id(g, "targets.talk_group_ids")).ToList();
        var units = request.Targets.UnitIds.Select(u => Validate.Id(u, "targets.unit_ids")).ToList();
        var priority = Validate.Priority(request.Priority, unspecified: CorePriority.Alert);
        if (priority is not (CorePriority.Alert or CorePriority.Emergency))
        {
            throw ApiErrors.InvalidArgument("priority", "an alert is ALERT (default) or EMERGENCY");
        }

        var text = Validate.Text(request.Text, "text");
        var repeat = Validate.Range(request.RepeatCount, 0, 10, "repeat_count");
        var (required, deadline, steps, preset) = AckPolicy(request.AckPolicy, engine);
        var nearest = Nearest(request.Targets.Nearest);
        return new CoreAlertRequest(new CoreAlertTargets(groups, units, request.Targets.OnDutyOnly, nearest), priority, ToSignalling(request.Signalling), Voice(request.Voice), text, repeat, required, deadline, steps, preset);
    }

    private static CoreNearestUnitsTarget? Nearest(V1.NearestUnitsTarget? nearest) => nearest is null
        ? null
        : new CoreNearestUnitsTarget(
            GeoValidate.Point(nearest.Latitude, nearest.Longitude, "targets.nearest."),
            GeoValidate.Radius(nearest.RadiusM, "targets.nearest.radius_m"),
            Validate.Range(nearest.Count, 1, CoreNearestUnitsTarget.MaxCount, "targets.nearest.count"));

    private static AlertSignalling ToSignalling(Signalling? signalling) => signalling?.KindCase switch
    {
        null or Signalling.KindOneofCase.None or Signalling.KindOneofCase.None_ => AlertSignalling.None,
        Signalling.KindOneofCase.Tone => new AlertSignalling(SignallingKind.AlertTone, Preset: string.IsNullOrWhiteSpace(signalling.Tone.Preset) ? "alert" : signalling.Tone.Preset),
        Signalling.KindOneofCase.TwoTone when signalling.TwoTone.Codes.Count is > 0 and <= 8 => new AlertSignalling(
            SignallingKind.TwoTone,
            TwoTone: signalling.TwoTone.Codes.Select(c => new CoreTwoToneCode(c.FirstHz, c.FirstMs == 0 ? 1000 : c.FirstMs, c.SecondHz, c.SecondMs == 0 ? 3000 : c.SecondMs)).ToList()),
        Signalling.KindOneofCase.TwoTone => throw ApiErrors.InvalidArgument("signalling.two_tone.codes", "give 1 to 8 codes"),
        Signalling.KindOneofCase.Selcall when signalling.Selcall.PerUnit || signalling.Selcall.Codes.Count > 0 =>
            new AlertSignalling(SignallingKind.SelCall, SelCallPerUnit: signalling.Selcall.PerUnit, SelCallCodes: signalling.Selcall.Codes.ToList()),
        Signalling.KindOneofCase.Selcall => throw ApiErrors.InvalidArgument("signalling.selcall", "set per_unit or give codes"),
        Signalling.KindOneofCase.Dtmf when signalling.Dtmf.Digits.Length is > 0 and <= 32 => new AlertSignalling(SignallingKind.Dtmf, DtmfDigits: signalling.Dtmf.Digits.ToUpperInvariant()),
        Signalling.KindOneofCase.Dtmf => throw ApiErrors.InvalidArgument("signalling.dtmf.digits", "give 1 to 32 digits"),
        _ => throw ApiErrors.InvalidArgument("signalling", "unknown signalling kind"),
    };

    private static CoreAlertVoice? Voice(V1.AlertVoice? voice)
    {
        switch (voice?.SourceCase)
        {
            case null or V1.AlertVoice.SourceOneofCase.None:
                return null;
            case V1.AlertVoice.SourceOneofCase.Clip:
                if (voice.Clip.Data.IsEmpty)
                {
                    throw ApiErrors.InvalidArgument("voice.clip.data", "is empty");
                }

                if (voice.Clip.Format is not (ClipFormat.Wav or ClipFormat.Unspecified))
                {
                    throw ApiErrors.InvalidArgument("voice.clip.format", "only WAV (16-bit PCM) clips are accepted in this build");
                }

                return new CoreAlertVoice(AlertAudio.DecodeWav(voice.Clip.Data.Span, "voice.clip.data"));
            case V1.AlertVoice.SourceOneofCase.Tts:
                var text = Validate.Text(voice.Tts.Text, "voice.tts.text") ?? throw ApiErrors.InvalidArgument("voice.tts.text", "is empty");
                var name = Validate.Text(voice.Tts.Voice, "voice.tts.voice", 40);
                if (name is not null && name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '_' or '/')))
                {
                    throw ApiErrors.InvalidArgument("voice.tts.voice", $"'{name}' is not an espeak-ng voice name");
                }

                return new CoreAlertVoice(TtsText: text, TtsVoice: name);
            default:
                throw ApiErrors.FailedPrecondition("voice.prompt_id: stored prompts are not available in this build; send a WAV clip or text-to-speech");
        }
    }

    private static (bool Required, TimeSpan? Deadline, IReadOnlyList<CoreEscalationStep> Steps, string? Preset) AckPolicy(AckPolicy? policy, AlertEngine engine)
    {
        // No policy: acknowledgements are wanted (that is what a page is for), without deadline or escalation.
        if (policy is null)
        {
            return (true, null, [], null);
        }

        var seconds = Validate.Range(policy.DeadlineSeconds, 0, 24 * 3600, "ack_policy.deadline_seconds");
        IReadOnlyList<CoreEscalationStep> steps = [];
        string? preset = null;
        if (!string.IsNullOrWhiteSpace(policy.Preset))
        {
            preset = policy.Preset.Trim();
            steps = engine.FindPreset(preset) ?? throw ApiErrors.InvalidArgument("ack_policy.preset", $"unknown escalation preset '{preset}'");
        }

        if (policy.Steps.Count > 0)
        {
            if (policy.Steps.Count > 10)
            {
                throw ApiErrors.InvalidArgument("ack_policy.steps", "at most 10 steps");
            }

            steps = policy.Steps.Select(s => new CoreEscalationStep(
                TimeSpan.FromSeconds(Validate.Range(s.AfterSeconds, 1, 24 * 3600, "ack_policy.steps.after_seconds")),
                s.Action switch
                {
                    EscalationAction.RepageUnacknowledged => CoreEscalationAction.RepageUnacknowledged,
                    EscalationAction.PageGroups => CoreEscalationAction.PageGroups,
                    EscalationAction.RaiseEmergency => CoreEscalationAction.RaiseEmergency,
                    _ => throw ApiErrors.InvalidArgument("ack_policy.steps.action", "is required: REPAGE_UNACKNOWLEDGED, PAGE_GROUPS or RAISE_EMERGENCY"),
                },
                s.TalkGroupIds.Select(g => Validate.Id(g, "ack_policy.steps.talk_group_ids")).ToList())).OrderBy(s => s.After).ToList();
        }

        if (!policy.Required && (steps.Count > 0 || seconds > 0))
        {
            throw ApiErrors.InvalidArgument("ack_policy.required", "a deadline or escalation needs required = true");
        }

        return (policy.Required, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null, steps, preset);
    }
}
