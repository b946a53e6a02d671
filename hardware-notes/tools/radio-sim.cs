#:project ../../src/Gateway.Connectors.Serial/Gateway.Connectors.Serial.csproj

// A simulated CAT radio for demos and bench checks without a radio (hardware-notes/bench-test.md):
//   DIR=$(mktemp -d); socat pty,raw,echo=0,link=$DIR/gateway pty,raw,echo=0,link=$DIR/radio &
//   dotnet run hardware-notes/tools/radio-sim.cs -- $DIR/radio kenwood      (or: civ [address-hex])
// then point the gateway's radio at Port=$DIR/gateway with Ptt/Squelch Method cat-kenwood (or cat-civ).
// Commands (one per line, typed or piped): o = open squelch, c = close, k = a 3 s call from a handheld, q = quit.
// PTT changes are printed with timestamps.
using Gateway.Connectors.Serial.Simulation;
using Gateway.Connectors.Serial.Transport;

if (args.Length < 2 || args[1] is not ("kenwood" or "civ"))
{
    Console.Error.WriteLine("usage: radio-sim.cs <pty-path> kenwood|civ [civ-address-hex]");
    return 2;
}

var dialect = args[1] == "civ" ? CatDialect.Civ : CatDialect.Kenwood;
var address = args.Length > 2 ? Convert.ToByte(args[2], 16) : (byte)0x94;
using var radio = new RadioSimulator(new SystemSerialPort(args[0]), dialect, TimeProvider.System, address);
radio.PttChanged += t => Console.WriteLine($"{t.At:HH:mm:ss.fff} PTT {(t.Transmitting ? "ON  (transmitting)" : "OFF (receiving)")}");
radio.Start();
Console.WriteLine($"Simulated {dialect} radio on {args[0]}. Commands: o=open squelch, c=close, k=3 s call, q=quit");
while (Console.ReadLine() is { } line)
{
    switch (line.Trim())
    {
        case "o": radio.SquelchOpen = true; Console.WriteLine("squelch OPEN"); break;
        case "c": radio.SquelchOpen = false; Console.WriteLine("squelch closed"); break;
        case "k": radio.ScheduleOpening(TimeSpan.Zero, TimeSpan.FromSeconds(3)); Console.WriteLine("3 s call"); break;
        case "q": return 0;
    }
}

// Input ended (e.g. started in the background): keep simulating until killed.
Thread.Sleep(Timeout.Infinite);
return 0;
