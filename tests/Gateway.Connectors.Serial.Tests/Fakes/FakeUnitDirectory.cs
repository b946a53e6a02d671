using Gateway.Core.Identity;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Tests.Fakes;

internal sealed class FakeUnitDirectory(params UnitSettings[] units) : IUnitDirectory
{
    public IReadOnlyList<UnitInfo> Units => units.Select(Info).ToList();

    public UnitInfo? Find(UnitId id) => Units.FirstOrDefault(u => u.Settings.Id == id);

    public UnitInfo? FindByIdentity(UnitIdentityKind kind, string value) => Units.FirstOrDefault(u => kind switch
    {
        UnitIdentityKind.DtmfId => u.Settings.DtmfId == value,
        UnitIdentityKind.SelCall => u.Settings.SelCall == value,
        _ => u.Settings.MumbleUser == value,
    });

    public UnitInfo Upsert(UnitSettings settings) => throw new NotSupportedException();

    public UnitInfo? CheckIn(UnitId id, string? location, string? note, string source) => null;

    public UnitInfo? CheckOut(UnitId id, string? note, string source) => null;

    public void ReportPresence(UnitId id, EndpointId endpoint, bool online)
    {
    }

    private static UnitInfo Info(UnitSettings s) => new(s, false, null, null, null, null, []);
}
